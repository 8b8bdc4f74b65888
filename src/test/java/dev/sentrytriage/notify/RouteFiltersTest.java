package dev.sentrytriage.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.Risk;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Route filters from the environment variables the README documents: first match wins, catch-all, no route. */
class RouteFiltersTest {

    private static final Map<String, String> ROUTES = Map.ofEntries(
            Map.entry("TRIAGE_TELEGRAM_ROUTES_0__NAME", "prod-db"),
            Map.entry("TRIAGE_TELEGRAM_ROUTES_0__ENVIRONMENTS", "production,prod-eu"),
            Map.entry("TRIAGE_TELEGRAM_ROUTES_0__CULPRIT", "db\\..*"),
            Map.entry("TRIAGE_TELEGRAM_ROUTES_0__CHAT_ID", "-100"),
            Map.entry("TRIAGE_TELEGRAM_ROUTES_1__LEVELS", "fatal,ERROR"),
            Map.entry("TRIAGE_TELEGRAM_ROUTES_1__SOURCES", "alertmanager"),
            Map.entry("TRIAGE_TELEGRAM_ROUTES_1__CHAT_ID", "-200"),
            Map.entry("TRIAGE_TELEGRAM_ROUTES_2__TITLE", "(?i).*timeout.*"),
            Map.entry("TRIAGE_TELEGRAM_ROUTES_2__CHAT_ID", "-300"));

    @Test
    void eachFilterAndTheFirstMatchWins() {
        ChatRouter router = new ChatRouter(config(ROUTES));
        // environment and culprit together
        assertEquals("prod-db", route(router, incident("production", "warning", "sentry", "Slow", "db.pool in get")));
        assertEquals("prod-db", route(router, incident("prod-eu", "warning", "sentry", "Slow", "db.x")));
        assertNull(route(router, incident("staging", "warning", "sentry", "Slow", "db.pool in get")));
        assertNull(route(router, incident("production", "warning", "sentry", "Slow", "app.db.pool")),
                "the culprit pattern must match the whole culprit");
        // level (any case) and source together
        assertEquals("routes[1]", route(router, incident("staging", "error", "alertmanager", "Disk full", "")));
        assertNull(route(router, incident("staging", "error", "sentry", "Disk full", "")));
        assertNull(route(router, incident("staging", "warning", "alertmanager", "Disk full", "")));
        // title pattern
        assertEquals("routes[2]", route(router, incident("staging", "info", "sentry", "Read TIMEOUT after 30s", "")));
        // first match wins: this one matches routes 0 and 2
        assertEquals("prod-db", route(router, incident("production", "info", "sentry", "timeout", "db.query")));
        assertEquals("-100", router.route(incident("production", "info", "sentry", "timeout", "db.query"), Map.of())
                .chatId());
    }

    @Test
    void withoutADefaultChatAnIncidentNoRouteTakesGoesNowhere() {
        ChatRouter.Destination none = new ChatRouter(config(ROUTES))
                .route(incident("staging", "info", "sentry", "Slow", "app"), Map.of());
        assertNull(none.chatId());
        assertNull(none.route());
    }

    @Test
    void theDefaultChatAndARouteWithoutMatchersAreCatchAlls() {
        Map<String, String> withDefault = new HashMap<>(ROUTES);
        withDefault.put("TRIAGE_TELEGRAM_CHAT_ID", "-999");
        ChatRouter.Destination fallback = new ChatRouter(config(withDefault))
                .route(incident("staging", "info", "sentry", "Slow", "app"), Map.of());
        assertEquals(new ChatRouter.Destination("-999", null, "default"), fallback);

        Map<String, String> catchAll = new HashMap<>(withDefault);
        catchAll.put("TRIAGE_TELEGRAM_ROUTES_3__NAME", "everything-else");
        catchAll.put("TRIAGE_TELEGRAM_ROUTES_3__CHAT_ID", "-400");
        assertEquals(new ChatRouter.Destination("-400", null, "everything-else"), new ChatRouter(config(catchAll))
                .route(incident("staging", "info", "sentry", "Slow", "app"), Map.of()));
    }

    @Test
    void anInvalidPatternStopsTheStartNamingTheRouteAndKey() {
        Map<String, String> bad = new HashMap<>(ROUTES);
        bad.put("TRIAGE_TELEGRAM_ROUTES_1__TITLE", "Timeout(");
        bad.put("TRIAGE_TELEGRAM_ROUTES_2__CULPRIT", "(a)\\1");
        TriageConfig config = config(bad);
        List<String> problems = ChatRouter.problems(config);
        assertEquals(List.of(
                "triage.telegram.routes[1].title (TRIAGE_TELEGRAM_ROUTES_1__TITLE) is not a valid RE2 pattern: "
                        + "missing closing )",
                "triage.telegram.routes[2].culprit (TRIAGE_TELEGRAM_ROUTES_2__CULPRIT) is not a valid RE2 pattern: "
                        + "invalid escape sequence"), problems);
        assertThrows(IllegalStateException.class, () -> new ChatRouter(config));
    }

    private static String route(ChatRouter router, Incident incident) {
        return router.route(incident, Map.of()).route();
    }

    private static Incident incident(String environment, String level, String source, String title, String culprit) {
        Incident i = new Incident();
        i.project = "shop";
        i.risk = Risk.MEDIUM;
        i.environment = environment;
        i.level = level;
        i.source = source;
        i.title = title;
        i.culprit = culprit;
        return i;
    }

    static TriageConfig config(Map<String, String> env) {
        Map<String, String> required = new HashMap<>();
        for (String step : List.of("escalate", "permanent-fix")) {
            for (String key : List.of("last-hour", "last-day", "last-week", "regressions")) {
                required.put("triage.risk." + step + "." + key, "1");
            }
        }
        return new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(env, 300), new PropertiesConfigSource(required, "required", 100))
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withMapping(TriageConfig.class)
                .build().getConfigMapping(TriageConfig.class);
    }
}
