package dev.sentrytriage.notify;

import java.util.List;
import java.util.Map;

import dev.sentrytriage.support.TelegramApiResource;
import dev.sentrytriage.support.WireMockPeers;
import io.quarkus.test.junit.QuarkusTestProfile;

/** Floods and the AI's budget at their defaults (the test profile switches them off), an http AI on WireMock. */
public class NoiseProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("triage.flood.threshold", "10", "triage.flood.window", "2m",
                "triage.analyzer.max-per-minute", "30", "triage.analyzer.kind", "http");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WireMockPeers.class, Map.of("analyzer-path", "/analyze")),
                new TestResourceEntry(TelegramApiResource.class));
    }
}
