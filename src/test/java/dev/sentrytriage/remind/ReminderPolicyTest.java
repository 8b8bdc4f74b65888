package dev.sentrytriage.remind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.notify.NotificationKind;
import dev.sentrytriage.remind.ReminderPolicy.State;
import dev.sentrytriage.remind.ReminderPolicy.Step;
import dev.sentrytriage.support.TestConfig;

/** Which incidents are reminded, how often, how many times, and when they are escalated. */
class ReminderPolicyTest {

    @Test
    void remindsUpToTheMaximumThenEscalatesThenStops() {
        ReminderPolicy policy = new ReminderPolicy(true, Risk.HIGH, Duration.ofHours(2), Duration.ofMinutes(30), 3,
                false, true);
        assertEquals(List.of(NotificationKind.REMINDER, NotificationKind.REMINDER, NotificationKind.REMINDER,
                NotificationKind.ESCALATION), run(policy, Risk.HIGH));
    }

    @Test
    void withoutAnEscalationChatTheRemindersAreAll() {
        ReminderPolicy policy = new ReminderPolicy(true, Risk.HIGH, Duration.ofHours(2), Duration.ofMinutes(30), 2,
                true, false);
        assertEquals(List.of(NotificationKind.REMINDER, NotificationKind.REMINDER), run(policy, Risk.CRITICAL));
        assertFalse(policy.escalateAtOnce(Risk.CRITICAL), "nowhere to escalate to");
    }

    @Test
    void criticalEscalatesAtOnceWhenSoSetThenIsReminded() {
        ReminderPolicy policy = new ReminderPolicy(true, Risk.HIGH, Duration.ofHours(2), Duration.ofMinutes(30), 2,
                true, true);
        assertEquals(List.of(NotificationKind.ESCALATION, NotificationKind.REMINDER, NotificationKind.REMINDER),
                run(policy, Risk.CRITICAL));
        assertEquals(List.of(NotificationKind.REMINDER, NotificationKind.REMINDER, NotificationKind.ESCALATION),
                run(policy, Risk.HIGH), "only CRITICAL is escalated at once");
    }

    @Test
    void minimumRiskAndIntervalsByRisk() {
        ReminderPolicy policy = new ReminderPolicy(true, Risk.HIGH, Duration.ofHours(2), Duration.ofMinutes(30), 3,
                false, true);
        assertFalse(policy.reminds(Risk.MEDIUM));
        assertTrue(policy.reminds(Risk.HIGH));
        assertTrue(policy.reminds(Risk.CRITICAL));
        assertEquals(Duration.ofMinutes(30), policy.interval(Risk.CRITICAL));
        assertEquals(Duration.ofHours(2), policy.interval(Risk.HIGH));
    }

    @Test
    void defaultsAndTheDocumentedEnvironmentVariables() {
        ReminderPolicy defaults = new ReminderPolicy(TestConfig.fromEnv(Map.of()));
        assertEquals(List.of(NotificationKind.REMINDER, NotificationKind.REMINDER, NotificationKind.REMINDER),
                run(defaults, Risk.HIGH), "3 reminders, no escalation chat by default");
        assertEquals(Duration.ofMinutes(30), defaults.interval(Risk.CRITICAL));
        assertEquals(Duration.ofHours(2), defaults.interval(Risk.HIGH));
        assertFalse(defaults.reminds(Risk.MEDIUM));

        TriageConfig config = TestConfig.fromEnv(Map.of(
                "TRIAGE_REMIND_MIN_RISK", "MEDIUM",
                "TRIAGE_REMIND_AFTER", "1h",
                "TRIAGE_REMIND_AFTER_CRITICAL", "10m",
                "TRIAGE_REMIND_MAX", "1",
                "TRIAGE_REMIND_ESCALATE_CRITICAL_AT_ONCE", "true",
                "TRIAGE_TELEGRAM_ESCALATION_CHAT_ID", "-4004"));
        ReminderPolicy set = new ReminderPolicy(config);
        assertTrue(set.reminds(Risk.MEDIUM));
        assertEquals(Duration.ofHours(1), set.interval(Risk.MEDIUM));
        assertEquals(Duration.ofMinutes(10), set.interval(Risk.CRITICAL));
        assertEquals(List.of(NotificationKind.ESCALATION, NotificationKind.REMINDER), run(set, Risk.CRITICAL));
        assertEquals("-4004", config.telegram().escalationChatId().orElseThrow());
        assertFalse(new ReminderPolicy(TestConfig.fromEnv(Map.of("TRIAGE_REMIND_ENABLED", "false"))).enabled());
    }

    /** Every notification the policy writes for one episode, until it says nothing more is due. */
    private static List<NotificationKind> run(ReminderPolicy policy, Risk risk) {
        List<NotificationKind> written = new ArrayList<>();
        State state = new State(0, false);
        for (int i = 0; i < 20; i++) {
            Step step = policy.due(risk, state);
            if (step.write() != null) {
                written.add(step.write());
            }
            state = step.after();
            if (!step.more()) {
                return written;
            }
        }
        throw new AssertionError("the policy never stops: " + written);
    }
}
