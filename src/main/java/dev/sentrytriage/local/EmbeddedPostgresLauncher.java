package dev.sentrytriage.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Starts one embedded PostgreSQL per JVM and describes it as Quarkus datasource properties. */
public final class EmbeddedPostgresLauncher {

    private static EmbeddedPostgres running;

    private EmbeddedPostgresLauncher() {
    }

    /**
     * Starts PostgreSQL on a free loopback port with its data in {@code dataDir} (kept across restarts when the
     * directory is kept; {@code null} for a throwaway database), once per JVM.
     */
    public static synchronized Map<String, String> start(Path dataDir) throws IOException {
        if (running == null) {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", dataDir == null ? "off" : "on");
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            // the builder registers a shutdown hook that stops PostgreSQL with the JVM
            running = builder.start();
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", running.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }
}
