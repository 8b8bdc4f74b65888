package dev.sentrytriage.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.ops.StartupChecks;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The configuration checks on their own: a real config mapping built from properties, no Quarkus start. */
class StartupChecksTest {

    private static final String STRONG = "0123456789abcdef";

    @Test
    void acceptsTheDefaultsWithASecret() {
        assertEquals(List.of(), StartupChecks.problems(config(Map.of("triage.sentry.secrets", STRONG)), true));
    }

    @Test
    void refusesAnInvalidRoutePatternOrMaintenanceWindowNamingIt() {
        List<String> problems = StartupChecks.problems(config(Map.of("triage.sentry.secrets", STRONG,
                "triage.telegram.routes[0].chat-id", "-100", "triage.telegram.routes[0].name", "db",
                "triage.telegram.routes[0].title", "Timeout(",
                "triage.maintenance", "nightly:project=billing;start=1am;duration=2h")), true);
        assertEquals(List.of("triage.telegram.routes[0].title (TRIAGE_TELEGRAM_ROUTES_0__TITLE, route 'db') is not a "
                + "valid RE2 pattern: missing closing )", "TRIAGE_MAINTENANCE window 'nightly': start '1am' is not a "
                + "time of day; use HH:mm, e.g. 01:00"), problems);
    }

    @Test
    void refusesPublishedDevelopmentValuesInProductionNamingTheVariable() {
        List<String> problems = StartupChecks.problems(config(Map.of("triage.sentry.secrets", "sentry-triage-dev-secret",
                "triage.api.token", "sentry-triage-dev-token")), true);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("TRIAGE_SENTRY_SECRETS is the published development value"), problems.get(0));
        assertTrue(problems.get(1).startsWith("TRIAGE_API_TOKEN is the published development value"), problems.get(1));
        // the development profiles keep them (local mode and dev mode on loopback)
        assertEquals(List.of(), StartupChecks.problems(config(Map.of("triage.sentry.secrets", "sentry-triage-dev-secret",
                "triage.api.token", "sentry-triage-dev-token")), false));
    }

    @Test
    void refusesSecretsAndTokensShorterThan16CharactersInProductionWithoutPrintingThem() {
        List<String> problems = StartupChecks.problems(config(Map.of("triage.sentry.secrets", STRONG + ",x",
                "triage.api.token", "fifteen-chars-x", "triage.telegram.webhook-secret", "tg")), true);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("TRIAGE_SENTRY_SECRETS (one of its 2 values) is shorter than 16 characters"),
                problems.get(0));
        assertTrue(problems.get(1).startsWith("TRIAGE_API_TOKEN is shorter than 16 characters"), problems.get(1));
        assertTrue(problems.get(2).startsWith("TRIAGE_TELEGRAM_WEBHOOK_SECRET is shorter than 16"), problems.get(2));
        assertTrue(problems.stream().noneMatch(p -> p.contains("fifteen-chars-x") || p.contains("'tg'")), problems.toString());
        assertEquals(List.of(), StartupChecks.problems(config(Map.of("triage.sentry.secrets", STRONG,
                "triage.api.token", STRONG + "-api", "triage.telegram.webhook-secret", STRONG)), true));
        assertEquals(List.of(), StartupChecks.problems(config(Map.of("triage.api.token", "x")), false));
    }

    @Test
    void theSecretRuleIsOneMethodAnySourceCanUse() {
        assertEquals(List.of(), StartupChecks.weakSecrets("TRIAGE_X_SECRETS", List.of(STRONG, " ")));
        assertEquals(List.of("TRIAGE_X_SECRETS is shorter than 16 characters: set a random one, e.g. openssl rand -hex 32."),
                StartupChecks.weakSecrets("TRIAGE_X_SECRETS", List.of("short")));
    }

    @Test
    void refusesLocalModeAndPublishedValuesBeyondLoopback() {
        TriageConfig dev = config(Map.of("triage.sentry.secrets", "sentry-triage-dev-secret",
                "triage.api.token", "sentry-triage-dev-token"));
        List<String> local = StartupChecks.exposure(dev, true, "0.0.0.0");
        assertEquals(1, local.size());
        assertTrue(local.get(0).startsWith("Local mode (no QUARKUS_DATASOURCE_JDBC_URL"), local.get(0));
        assertTrue(local.get(0).contains("the HTTP host is 0.0.0.0 (quarkus.http.host)"), local.get(0));
        // QUARKUS_PROFILE=dev in quarkus:dev, told to listen everywhere
        List<String> published = StartupChecks.exposure(dev, false, "0.0.0.0");
        assertEquals(2, published.size(), published.toString());
        assertTrue(published.get(0).startsWith("TRIAGE_SENTRY_SECRETS is the published development value and the "
                + "service listens on 0.0.0.0"), published.get(0));
        assertTrue(published.get(1).startsWith("TRIAGE_API_TOKEN is the published"), published.get(1));

        assertEquals(List.of(), StartupChecks.exposure(dev, true, "127.0.0.1"));
        assertEquals(List.of(), StartupChecks.exposure(dev, false, "localhost"));
        assertEquals(List.of(), StartupChecks.exposure(config(Map.of("triage.sentry.secrets", STRONG)), false, "0.0.0.0"));
    }

    @Test
    void refusesProductionWithoutASecretButNotDevelopment() {
        assertTrue(StartupChecks.problems(config(Map.of()), true).get(0).startsWith("TRIAGE_SENTRY_SECRETS is not set"));
        assertEquals(List.of(), StartupChecks.problems(config(Map.of()), false));
    }

    @Test
    void refusesAnAiAnalyzerWithoutItsUrl() {
        List<String> problems = StartupChecks.problems(config(Map.of("triage.analyzer.kind", "openai")), false);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("TRIAGE_ANALYZER_KIND=openai needs TRIAGE_ANALYZER_URL"), problems.get(0));
        assertTrue(StartupChecks.problems(config(Map.of("triage.analyzer.kind", "http")), false).get(0)
                .startsWith("TRIAGE_ANALYZER_KIND=http needs TRIAGE_ANALYZER_URL"));
        assertEquals(List.of(), StartupChecks.problems(config(Map.of("triage.analyzer.kind", "http",
                "triage.analyzer.url", "http://analyzer.internal:8080/analyze")), false));
    }

    @Test
    void refusesAnUnknownAnalyzerKindNamingTheAllowedOnes() {
        Exception e = assertThrows(RuntimeException.class, () -> config(Map.of("triage.analyzer.kind", "claude")));
        String message = messages(e);
        assertTrue(message.contains("claude") && message.contains("heuristic") && message.contains("openai"), message);
    }

    @Test
    void refusesUrlsThatAreNotAbsoluteHttp() {
        List<String> problems = StartupChecks.problems(config(Map.of("triage.analyzer.kind", "openai",
                "triage.analyzer.url", "api.openai.com/v1", "triage.telegram.api-url", "ftp://telegram.example",
                "triage.sentry.web-url", "https:///nohost")), false);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("TRIAGE_SENTRY_WEB_URL 'https:///nohost' is not an absolute http(s) URL"));
        assertTrue(problems.get(1).startsWith("TRIAGE_ANALYZER_URL 'api.openai.com/v1' is not"));
        assertTrue(problems.get(2).startsWith("TRIAGE_TELEGRAM_API_URL 'ftp://telegram.example' is not"));
    }

    @Test
    void acceptsNumericAndChannelChatIdsOnly() {
        for (String good : List.of("123456789", "-1001234567890", "@ops_alerts")) {
            assertEquals(List.of(), StartupChecks.problems(config(Map.of("triage.telegram.chat-id", good)), false), good);
        }
        for (String bad : List.of("ops alerts", "12ab", "@x", "https://t.me/ops")) {
            List<String> problems = StartupChecks.problems(config(Map.of("triage.telegram.chat-id", bad)), false);
            assertEquals(1, problems.size(), bad);
            assertTrue(problems.get(0).startsWith("TRIAGE_TELEGRAM_CHAT_ID '" + bad + "' is not a chat id"), problems.get(0));
        }
        assertTrue(StartupChecks.problems(config(Map.of("triage.telegram.thread-id", "0")), false).get(0)
                .startsWith("TRIAGE_TELEGRAM_THREAD_ID must be a positive"));
    }

    @Test
    void refusesScrubPatternsThatAreNotLinearTimeRegularExpressions() {
        List<String> problems = StartupChecks.problems(config(Map.of("triage.analyzer.scrub-patterns",
                "ACME-[0-9]{6},(?<=user )[a-z]+")), false);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("TRIAGE_ANALYZER_SCRUB_PATTERNS: '(?<=user )[a-z]+' is not a usable pattern"),
                problems.get(0));
    }

    @Test
    void warnsAboutAnApiWithoutTokenAndABotWithoutChat() {
        List<String> warnings = StartupChecks.warnings(config(Map.of("triage.telegram.bot-token", "1:abc")));
        assertTrue(warnings.contains("No TRIAGE_API_TOKEN configured: /api refuses every request"), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("TRIAGE_TELEGRAM_BOT_TOKEN is set but")), warnings.toString());
    }

    private static TriageConfig config(Map<String, String> values) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "triage.risk.escalate.last-hour", "10", "triage.risk.escalate.last-day", "50",
                "triage.risk.escalate.last-week", "200", "triage.risk.escalate.regressions", "1",
                "triage.risk.permanent-fix.last-hour", "100", "triage.risk.permanent-fix.last-day", "500",
                "triage.risk.permanent-fix.last-week", "2000", "triage.risk.permanent-fix.regressions", "3"));
        properties.putAll(values);
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(TriageConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(TriageConfig.class);
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
