package dev.sentrytriage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigValue;

/** The REST client keys of the analysis peers, derived from the documented {@code triage.*} keys. */
class PeerClientConfigSourceTest {

    private static Map<String, String> derive(Map<String, String> triage) {
        return PeerClientConfigSource.derive(
                name -> ConfigValue.builder().withName(name).withValue(triage.get(name)).build());
    }

    @Test
    void turnsTheDurationKeysIntoTheRestClientsMilliseconds() {
        Map<String, String> p = derive(Map.of("triage.analyzer.url", "http://ai.internal:11434",
                "triage.analyzer.timeout", "20s", "triage.sentry.api-url", "https://sentry.example.com",
                "triage.analyzer.enrich-timeout", "PT2.5S"));
        assertEquals("20000", p.get("quarkus.rest-client.openai.read-timeout"));
        assertEquals("5000", p.get("quarkus.rest-client.openai.connect-timeout"), "connecting takes 5 s at most");
        assertEquals("20000", p.get("quarkus.rest-client.analyzer-http.read-timeout"));
        assertEquals("2500", p.get("quarkus.rest-client.sentry-api.read-timeout"));
        assertEquals("2500", p.get("quarkus.rest-client.sentry-api.connect-timeout"), "never longer than the read");
        assertEquals("https://sentry.example.com", p.get("quarkus.rest-client.sentry-api.url"));
    }

    @Test
    void takesAnOpenAiUrlWithOrWithoutItsVersion() {
        for (String url : new String[] { "https://api.openai.com/v1", "https://api.openai.com/v1/",
                "https://api.openai.com", "https://api.openai.com/" }) {
            Map<String, String> p = derive(Map.of("triage.analyzer.url", url));
            assertEquals("https://api.openai.com", p.get("quarkus.rest-client.openai.url"), url);
        }
        assertEquals("http://llm.internal/analyze/v1",
                derive(Map.of("triage.analyzer.url", "http://llm.internal/analyze/v1"))
                        .get("quarkus.rest-client.analyzer-http.url"),
                "the http contract's URL is the endpoint itself");
    }

    @Test
    void withoutAnAnalyzerUrlDerivesNoAnalyzerClient() {
        Map<String, String> p = derive(Map.of("triage.analyzer.timeout", "20s", "triage.analyzer.url", " "));
        assertFalse(p.keySet().stream().anyMatch(k -> k.contains(".openai.") || k.contains(".analyzer-http.")), p::toString);
    }

    @Test
    void anUnreadableDurationIsLeftToTheConfigMappingToRefuse() {
        Map<String, String> p = derive(Map.of("triage.analyzer.url", "http://ai", "triage.analyzer.timeout", "soon"));
        assertEquals("http://ai", p.get("quarkus.rest-client.openai.url"));
        assertFalse(p.containsKey("quarkus.rest-client.openai.read-timeout"));
    }
}
