package dev.sentrytriage.local;

import java.lang.reflect.InvocationTargetException;
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
        if (isSet(System.getProperty(URL_PROPERTY)) || isSet(System.getenv(URL_ENV))) {
            return;
        }
        if ("runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"))) {
            // The embedded PostgreSQL ships as a JVM library and is deliberately kept out of the native image.
            throw new IllegalStateException("No database configured: set " + URL_ENV
                    + " (and QUARKUS_DATASOURCE_USERNAME/_PASSWORD); the native executable has no embedded PostgreSQL");
        }
        Path dataDir = Path.of(System.getProperty("triage.local.data-dir",
                System.getenv().getOrDefault("TRIAGE_LOCAL_DATA_DIR", "data/postgres")));
        Map<String, String> datasource = startEmbedded(dataDir);
        datasource.forEach(System::setProperty);
        if (!isSet(System.getProperty("quarkus.profile")) && !isSet(System.getenv("QUARKUS_PROFILE"))) {
            System.setProperty("quarkus.profile", "local");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> startEmbedded(Path dataDir) {
        try {
            // Loaded by name so that a native image never pulls the embedded PostgreSQL in.
            Class<?> launcher = Class.forName("dev.sentrytriage.local.EmbeddedPostgresLauncher");
            return (Map<String, String>) launcher.getMethod("start", Path.class).invoke(null, dataDir);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDir.toAbsolutePath()
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("No database configured and no embedded PostgreSQL in this build: set "
                    + URL_ENV, e);
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
