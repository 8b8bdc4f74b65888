package dev.sentrytriage.support;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What the packaged jar needs to start in the prod profile: an embedded PostgreSQL started by the test JVM, the test
 * webhook secrets and the test API token, all passed to the jar as configuration.
 */
public class PackagedServiceResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(new EmbeddedPostgresResource().start());
        config.put("triage.sentry.secrets", SentryFixtures.SECRET + "," + SentryFixtures.PREVIOUS_SECRET);
        config.put("triage.api.token", Incidents.API_TOKEN);
        return config;
    }

    @Override
    public void stop() {
        // the embedded PostgreSQL stops with the test JVM
    }
}
