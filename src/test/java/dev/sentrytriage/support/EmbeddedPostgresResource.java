package dev.sentrytriage.support;

import java.util.Map;

import dev.sentrytriage.local.EmbeddedPostgresLauncher;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real PostgreSQL for tests: the same embedded server local mode uses, throwaway, one per test JVM. */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            return EmbeddedPostgresLauncher.start(null);
        } catch (Exception e) {
            throw new IllegalStateException("embedded PostgreSQL did not start", e);
        }
    }

    @Override
    public void stop() {
        // one server for the whole test JVM; it stops with the JVM
    }
}
