package dev.sentrytriage.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.support.TestConfig;

/** The environment variable names the README documents for Telegram routing really configure it. */
class TelegramConfigTest {

    @Test
    void routesAndAllowedChatsFromTheEnvironmentAsDocumented() {
        Map<String, String> env = Map.of(
                "TRIAGE_TELEGRAM_CHAT_ID", "-1001",
                "TRIAGE_TELEGRAM_THREAD_ID", "7",
                "TRIAGE_TELEGRAM_ROUTES_0__PROJECT", "payments",
                "TRIAGE_TELEGRAM_ROUTES_0__MIN_RISK", "HIGH",
                "TRIAGE_TELEGRAM_ROUTES_0__CHAT_ID", "-2002",
                "TRIAGE_TELEGRAM_ROUTES_1__MIN_RISK", "CRITICAL",
                "TRIAGE_TELEGRAM_ROUTES_1__CHAT_ID", "-3003",
                "TRIAGE_TELEGRAM_ROUTES_1__THREAD_ID", "9",
                "TRIAGE_TELEGRAM_EDIT_INTERVAL", "5s");
        TriageConfig config = config(env);

        assertEquals(Duration.ofSeconds(5), config.telegram().editInterval());
        assertEquals(Duration.ofSeconds(1), config.telegram().perChatInterval());
        ChatRouter router = new ChatRouter(config);
        assertEquals(new ChatRouter.Destination("-2002", 7, "routes[0]"), router.route(incident("payments", Risk.HIGH), Map.of()));
        assertEquals(new ChatRouter.Destination("-1001", 7, "default"), router.route(incident("payments", Risk.MEDIUM), Map.of()));
        assertEquals(new ChatRouter.Destination("-3003", 9, "routes[1]"), router.route(incident("web", Risk.CRITICAL), Map.of()));
        assertEquals(new ChatRouter.Destination("-100999", 7, "default"),
                router.route(incident("web", Risk.LOW), Map.of("-1001", "-100999")), "a migrated chat is followed");
        assertEquals(List.of("-1001", "-2002", "-3003"), List.copyOf(router.allowedChats(Map.of())));
        assertTrue(router.allowedChats(Map.of("-2002", "-100555")).contains("-100555"));
    }

    private static TriageConfig config(Map<String, String> env) {
        return TestConfig.fromEnv(env);
    }

    private static Incident incident(String project, Risk risk) {
        Incident i = new Incident();
        i.project = project;
        i.risk = risk;
        return i;
    }
}
