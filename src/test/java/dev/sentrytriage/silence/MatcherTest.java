package dev.sentrytriage.silence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.Risk;

/** Every field and every operator of a silence matcher, and the refusals. */
class MatcherTest {

    private static Incident incident() {
        Incident i = new Incident();
        i.project = "checkout";
        i.environment = "production";
        i.source = "sentry";
        i.level = "error";
        i.risk = Risk.HIGH;
        i.title = "TimeoutError: upstream took 31s";
        i.culprit = "app.payments in charge";
        return i;
    }

    @Test
    void eachFieldWithEachOperator() {
        Map<String, String[]> cases = Map.of( // field -> {equal value, other value, matching pattern, other pattern}
                "project", new String[] { "checkout", "billing", "check.*", "bill.*" },
                "environment", new String[] { "production", "staging", "prod.*", "stag.*" },
                "source", new String[] { "sentry", "alertmanager", "sen.+", "alert.*" },
                "level", new String[] { "error", "warning", "err(or)?", "warn.*" },
                "risk", new String[] { "high", "LOW", "HIGH|CRITICAL", "LOW|MEDIUM" },
                "title", new String[] { "TimeoutError: upstream took 31s", "Timeout", "Timeout.*", "Timeout" },
                "culprit", new String[] { "app.payments in charge", "app.payments", ".*payments.*", "payments" });
        Incident i = incident();
        cases.forEach((field, v) -> {
            assertTrue(Matcher.of(field, "=", v[0]).matches(i), field + "=" + v[0]);
            assertFalse(Matcher.of(field, "=", v[1]).matches(i), field + "=" + v[1]);
            assertFalse(Matcher.of(field, "!=", v[0]).matches(i), field + "!=" + v[0]);
            assertTrue(Matcher.of(field, "!=", v[1]).matches(i), field + "!=" + v[1]);
            assertTrue(Matcher.of(field, "=~", v[2]).matches(i), field + "=~" + v[2]);
            assertFalse(Matcher.of(field, "=~", v[3]).matches(i), field + "=~" + v[3] + " (the whole field must match)");
            assertFalse(Matcher.of(field, "!~", v[2]).matches(i), field + "!~" + v[2]);
            assertTrue(Matcher.of(field, "!~", v[3]).matches(i), field + "!~" + v[3]);
        });
    }

    @Test
    void anAbsentFieldIsTheEmptyText() {
        Incident i = incident();
        i.environment = null;
        assertTrue(Matcher.of("environment", "=", "").matches(i));
        assertTrue(Matcher.of("environment", "!~", ".+").matches(i));
        assertFalse(Matcher.of("environment", "=~", ".+").matches(i));
    }

    @Test
    void refusesUnknownFieldsOperatorsRisksAndInvalidPatternsSayingWhatWorks() {
        assertEquals("matcher field 'message' is not one of project, environment, source, level, risk, title, culprit",
                assertThrows(SilenceRejected.class, () -> Matcher.of("message", "=", "x")).getMessage());
        assertEquals("matcher op '==' of title is not one of =, !=, =~, !~",
                assertThrows(SilenceRejected.class, () -> Matcher.of("title", "==", "x")).getMessage());
        assertEquals("risk 'urgent' is not one of LOW, MEDIUM, HIGH, CRITICAL",
                assertThrows(SilenceRejected.class, () -> Matcher.of("risk", "=", "urgent")).getMessage());
        assertTrue(assertThrows(SilenceRejected.class, () -> Matcher.of("title", "=~", "Timeout(")).getMessage()
                .startsWith("matcher of title: 'Timeout(' is not a valid RE2 pattern"));
        assertTrue(assertThrows(SilenceRejected.class, () -> Matcher.of("title", "=~", "(a)\\1")).getMessage()
                .contains("not a valid RE2 pattern"), "back-references are not linear time");
        assertEquals("matcher of title has no value",
                assertThrows(SilenceRejected.class, () -> Matcher.of("title", "=", null)).getMessage());
        assertThrows(SilenceRejected.class, () -> Matcher.of("title", "=", "x".repeat(Matcher.MAX_VALUE + 1)));
    }
}
