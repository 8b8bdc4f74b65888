package dev.sentrytriage.analysis;

import java.util.List;
import java.util.Map;

import dev.sentrytriage.support.WireMockPeers;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The plain {@code http} analyze contract against WireMock at {@code /analyze}; no Sentry enrichment. */
public class HttpAnalyzerProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("triage.analyzer.kind", "http");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WireMockPeers.class, Map.of("analyzer-path", "/analyze")));
    }
}
