package dev.sentrytriage.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Decides, before Quarkus starts, whether the service runs against an external PostgreSQL or in local mode. Local
 * mode starts an embedded PostgreSQL (data kept in {@code ./data/postgres}) and activates the {@code local} profile:
 * a documented development secret and token, so it listens on loopback only, whatever the profile. It refuses to
 * start when the HTTP host is set to anything else, when the build has no embedded PostgreSQL (container build), or
 * when {@code TRIAGE_LOCAL_MODE=forbidden} (set in the container images).
 */
public final class LocalMode {

    static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";
    static final String URL_ENV = "QUARKUS_DATASOURCE_JDBC_URL";
    static final String HOST_PROPERTY = "quarkus.http.host";
    static final String HOST_ENV = "QUARKUS_HTTP_HOST";
    // not under triage.*: Quarkus refuses system properties there that TriageConfig does not map
    static final String POLICY_PROPERTY = "sentry-triage.local-mode";
    static final String POLICY_ENV = "TRIAGE_LOCAL_MODE";
    /** Set (to {@code true}) while local mode runs, for the checks at start. */
    public static final String ACTIVE_PROPERTY = "sentry-triage.local-mode.active";
    static final String LOOPBACK = "127.0.0.1";
    static final String EMBEDDED_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    static final String NEEDS_DATABASE = "set " + URL_ENV + " (with QUARKUS_DATASOURCE_USERNAME and _PASSWORD) to an "
            + "external PostgreSQL";

    private LocalMode() {
    }

    /** What to do at start. */
    enum Kind {
        /** A database is configured: start as is. */
        EXTERNAL,
        /** Start the embedded PostgreSQL, on loopback. */
        LOCAL,
        /** Print the message and exit. */
        REFUSE
    }

    record Decision(Kind kind, String message) {
    }

    /** Starts local mode when neither {@code QUARKUS_DATASOURCE_JDBC_URL} nor its system property is set. */
    public static void enterIfNoDatabaseConfigured() {
        Decision decision = decide(System.getProperties(), System.getenv(), embeddedPostgresPresent());
        if (decision.kind() == Kind.EXTERNAL) {
            return;
        }
        if (decision.kind() == Kind.REFUSE) {
            refuse(decision.message());
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
        // a system property outranks the profiles' defaults (Quarkus listens on 0.0.0.0 in any profile but local)
        System.setProperty(HOST_PROPERTY, LOOPBACK);
        System.setProperty(ACTIVE_PROPERTY, "true");
        if (!isSet(System.getProperty("quarkus.profile")) && !isSet(System.getenv("QUARKUS_PROFILE"))) {
            System.setProperty("quarkus.profile", "local");
        }
    }

    /** For the native executable, which has no embedded PostgreSQL: a clear message instead of a datasource error. */
    public static void requireExternalDatabase() {
        if (!databaseConfigured(System.getProperties(), System.getenv())) {
            refuse("No database configured: " + NEEDS_DATABASE + ". The native executable has no embedded PostgreSQL "
                    + "(local mode is for the JVM build on a developer's machine).");
        }
    }

    /** Whether local mode runs in this JVM. */
    public static boolean active() {
        return Boolean.getBoolean(ACTIVE_PROPERTY);
    }

    /**
     * Local mode or not, from the system properties and environment: refused where it is forbidden, where this build
     * has no embedded PostgreSQL, and where the HTTP host is set to an address beyond loopback.
     */
    static Decision decide(Properties properties, Map<String, String> env, boolean embeddedPresent) {
        if (databaseConfigured(properties, env)) {
            return new Decision(Kind.EXTERNAL, null);
        }
        String policy = first(properties.getProperty(POLICY_PROPERTY), env.get(POLICY_ENV));
        if ("forbidden".equalsIgnoreCase(policy)) {
            return new Decision(Kind.REFUSE, "No database configured: " + NEEDS_DATABASE + ". Local mode (embedded "
                    + "PostgreSQL, published development secret) is forbidden here (" + POLICY_ENV + "=forbidden, as in "
                    + "the container images).");
        }
        if (!embeddedPresent) {
            return new Decision(Kind.REFUSE, "No database configured: " + NEEDS_DATABASE + ". This build has no "
                    + "embedded PostgreSQL (built with -Dcontainer for an image), so it has no local mode.");
        }
        // every explicit host, profile-specific ones included (-D%dev.quarkus.http.host, _DEV_QUARKUS_HTTP_HOST)
        Map<String, String> hosts = new TreeMap<>();
        properties.stringPropertyNames().stream().filter(k -> k.equals(HOST_PROPERTY) || k.endsWith("." + HOST_PROPERTY))
                .forEach(k -> hosts.put("-D" + k, properties.getProperty(k)));
        env.keySet().stream().filter(k -> k.equals(HOST_ENV) || k.endsWith("_" + HOST_ENV))
                .forEach(k -> hosts.put(k, env.get(k)));
        for (Map.Entry<String, String> host : hosts.entrySet()) {
            if (!isLoopback(host.getValue())) {
                return new Decision(Kind.REFUSE, beyondLoopback(host.getValue(), host.getKey()));
            }
        }
        return new Decision(Kind.LOCAL, null);
    }

    /** Why local mode refuses an HTTP host beyond loopback, and what to set instead. */
    public static String beyondLoopback(String host, String source) {
        return "Local mode (no " + URL_ENV + ": embedded PostgreSQL, published development secret and API token) "
                + "listens on loopback only, but the HTTP host is " + host + " (" + source + "). Remove that setting "
                + "(local mode listens on " + LOOPBACK + "), or " + NEEDS_DATABASE + " and set TRIAGE_SENTRY_SECRETS and "
                + "TRIAGE_API_TOKEN to run a service other machines reach.";
    }

    /** Whether {@code host} names loopback only: {@code localhost}, 127.0.0.0/8 or ::1 (other names are resolved). */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false; // Quarkus reads an empty host as every interface
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(h);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean embeddedPostgresPresent() {
        try {
            Class.forName(EMBEDDED_CLASS, false, LocalMode.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static void refuse(String message) {
        System.err.println(message);
        System.exit(2);
    }

    private static boolean databaseConfigured(Properties properties, Map<String, String> env) {
        return isSet(properties.getProperty(URL_PROPERTY)) || isSet(env.get(URL_ENV));
    }

    private static String first(String a, String b) {
        return isSet(a) ? a : b;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
