package dev.sentrytriage.analysis;

import java.util.List;
import java.util.Map;

import dev.sentrytriage.support.WireMockPeers;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The {@code openai} analyzer and Sentry enrichment, both against WireMock; a short timeout for the timeout test. */
public class OpenAiProfile implements QuarkusTestProfile {

    static final String API_KEY = "sk-test-analyzer-key-0123456789abcdef";
    static final String SENTRY_TOKEN = "sntrys_test_token_0123456789abcdefghij";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "triage.analyzer.kind", "openai",
                "triage.analyzer.api-key", API_KEY,
                "triage.analyzer.model", "test-model",
                "triage.analyzer.timeout", "1s",
                "triage.analyzer.breaker-failures", "3",
                "triage.analyzer.scrub-patterns", "ACME-[0-9]{6}",
                "triage.sentry.api-token", SENTRY_TOKEN);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WireMockPeers.class));
    }
}
