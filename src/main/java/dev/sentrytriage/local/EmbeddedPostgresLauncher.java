package dev.sentrytriage.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
            boolean durable = dataDir != null;
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "100")
                    // a kept data directory is the service's inbox: commits must survive a crash
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off");
            if (durable) {
                Files.createDirectories(dataDir);
                stopOrphan(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            // the builder registers a shutdown hook that stops PostgreSQL with the JVM
            running = builder.start();
        }
        return properties();
    }

    /**
     * A service killed with SIGKILL leaves its PostgreSQL running on the data directory, which would refuse a second
     * server. Stop that orphan before starting again.
     */
    private static void stopOrphan(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        long pid;
        try {
            pid = Long.parseLong(first);
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return; // stale pid file: PostgreSQL cleans it up itself
        }
        orphan.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown; its clients died with the old service
        try {
            orphan.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("PostgreSQL " + pid + " still runs on " + dataDir.toAbsolutePath()
                    + "; stop it and start again", e);
        }
    }

    private static Map<String, String> properties() {
        return Map.of(
                "quarkus.datasource.jdbc.url", running.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }
}
