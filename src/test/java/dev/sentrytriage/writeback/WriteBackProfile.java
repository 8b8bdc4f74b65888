package dev.sentrytriage.writeback;

import java.util.List;
import java.util.Map;

import dev.sentrytriage.support.WireMockPeers;
import io.quarkus.test.junit.QuarkusTestProfile;

/** Write-back on, with a token, against WireMock standing in for Sentry's API; three tries before dead. */
public class WriteBackProfile implements QuarkusTestProfile {

    /** The token the profile configures; WireMock checks it is sent. */
    static final String TOKEN = "test-sentry-write-token";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("triage.sentry.write-back", "true", "triage.sentry.api-token", TOKEN,
                "triage.sentry.write-back-attempts", "3", "triage.sentry.write-back-backoff", "10s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WireMockPeers.class));
    }
}
