package dev.sentrytriage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.local.LocalMode.Decision;
import dev.sentrytriage.local.LocalMode.Kind;

/** Local mode's decisions at start, from system properties and environment alone: no Quarkus, no PostgreSQL. */
class LocalModeTest {

    @Test
    void startsLocalModeOnLoopbackWithoutADatabase() {
        assertEquals(Kind.LOCAL, decide(props(), Map.of()).kind());
        assertEquals(Kind.LOCAL, decide(props("quarkus.http.host", "127.0.0.1"), Map.of("QUARKUS_HTTP_HOST", "localhost")).kind());
        assertEquals(Kind.LOCAL, decide(props(), Map.of("QUARKUS_HTTP_HOST", "::1", "QUARKUS_PROFILE", "dev")).kind());
    }

    @Test
    void anExternalDatabaseIsNeverLocalMode() {
        assertEquals(Kind.EXTERNAL, decide(props("quarkus.datasource.jdbc.url", "jdbc:postgresql://db/t"),
                Map.of("QUARKUS_HTTP_HOST", "0.0.0.0", "TRIAGE_LOCAL_MODE", "forbidden")).kind());
        assertEquals(Kind.EXTERNAL, LocalMode.decide(props(), Map.of("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://db/t"),
                false).kind());
    }

    @Test
    void refusesLocalModeOnAnyHostBeyondLoopbackNamingTheSetting() {
        Decision env = decide(props(), Map.of("QUARKUS_HTTP_HOST", "0.0.0.0"));
        assertEquals(Kind.REFUSE, env.kind());
        assertTrue(env.message().contains("HTTP host is 0.0.0.0 (QUARKUS_HTTP_HOST)"), env.message());
        assertTrue(env.message().contains("QUARKUS_DATASOURCE_JDBC_URL"), env.message());

        // the JVM image's JAVA_OPTS_APPEND, and a profile-specific setting
        Decision property = decide(props("quarkus.http.host", "0.0.0.0"), Map.of());
        assertTrue(property.message().contains("(-Dquarkus.http.host)"), property.message());
        assertEquals(Kind.REFUSE, decide(props("%dev.quarkus.http.host", "::"), Map.of()).kind());
        assertEquals(Kind.REFUSE, decide(props(), Map.of("_DEV_QUARKUS_HTTP_HOST", "192.0.2.7")).kind());
        assertEquals(Kind.REFUSE, decide(props(), Map.of("QUARKUS_HTTP_HOST", "")).kind());
    }

    @Test
    void refusesWhereLocalModeIsForbiddenOrTheBuildHasNoEmbeddedPostgres() {
        Decision forbidden = decide(props(), Map.of("TRIAGE_LOCAL_MODE", "forbidden"));
        assertEquals(Kind.REFUSE, forbidden.kind());
        assertTrue(forbidden.message().startsWith("No database configured: set QUARKUS_DATASOURCE_JDBC_URL"), forbidden.message());
        assertEquals(Kind.REFUSE, decide(props("sentry-triage.local-mode", "forbidden"), Map.of()).kind());

        Decision containerBuild = LocalMode.decide(props(), Map.of(), false);
        assertEquals(Kind.REFUSE, containerBuild.kind());
        assertTrue(containerBuild.message().contains("no embedded PostgreSQL"), containerBuild.message());
        assertTrue(containerBuild.message().contains("QUARKUS_DATASOURCE_JDBC_URL"), containerBuild.message());
    }

    @Test
    void knowsLoopbackAddresses() {
        for (String loopback : new String[] { "localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "LOCALHOST" }) {
            assertTrue(LocalMode.isLoopback(loopback), loopback);
        }
        for (String other : new String[] { "0.0.0.0", "::", "192.0.2.1", "", " ", "no-such-host.invalid" }) {
            assertFalse(LocalMode.isLoopback(other), other);
        }
        assertFalse(LocalMode.isLoopback(null));
    }

    private static Decision decide(Properties properties, Map<String, String> env) {
        return LocalMode.decide(properties, env, true);
    }

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }
}
