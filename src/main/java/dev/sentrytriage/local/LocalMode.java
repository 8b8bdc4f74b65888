package dev.sentrytriage.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;


/**
 * Decides, before Quarkus starts, whether the service runs against an external PostgreSQL or in
 * local mode. Local mode starts an embedded PostgreSQL (data kept in {@code ./data/postgres}) and
 * activates the {@code local} profile: a documented development secret and an HTTP port bound to
 * loopback only, so the known secret is never reachable from another machine.
 */
public final class LocalMode {

    static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";
    static final String URL_ENV = "QUARKUS_DATASOURCE_JDBC_URL";

    private LocalMode() {
    }

    /** Starts local mode when neither {@code QUARKUS_DATASOURCE_JDBC_URL} nor its system property is set. */
    public static void enterIfNoDatabaseConfigured() {
        if (databaseConfigured()) {
            return;
        }
        Path dataDir = Path.of(System.getProperty("triage.local.data-dir",
                System.getenv().getOrDefault("TRIAGE_LOCAL_DATA_DIR", "data/postgres")));
        Map<String, String> datasource;
        try {
            datasource = EmbeddedPostgresLauncher.start(dataDir);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDir.toAbsolutePath()
                    + " (" + e.getMessage() + "); set " + URL_ENV + " to use an external one", e);
        }
        datasource.forEach(System::setProperty);
        if (!isSet(System.getProperty("quarkus.profile")) && !isSet(System.getenv("QUARKUS_PROFILE"))) {
            System.setProperty("quarkus.profile", "local");
        }
    }

    /** For the native executable, which has no embedded PostgreSQL: a clear message instead of a datasource error. */
    public static void requireExternalDatabase() {
        if (!databaseConfigured()) {
            System.err.println("No database configured: set " + URL_ENV
                    + " (and QUARKUS_DATASOURCE_USERNAME/_PASSWORD); the native executable has no embedded PostgreSQL");
            System.exit(2);
        }
    }

    private static boolean databaseConfigured() {
        return isSet(System.getProperty(URL_PROPERTY)) || isSet(System.getenv(URL_ENV));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
