package dev.sentrytriage.remind;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.notify.NotificationKind;

/** Which incidents get reminders, how often and how many, and when they go to the escalation chat. */
@ApplicationScoped
public class ReminderPolicy {

    private final boolean enabled;
    private final Risk minRisk;
    private final Duration after;
    private final Duration afterCritical;
    private final int max;
    private final boolean criticalAtOnce;
    private final boolean escalationChat;

    @Inject
    public ReminderPolicy(TriageConfig config) {
        this(config.remind().enabled(), config.remind().minRisk(), config.remind().after(),
                config.remind().afterCritical(), config.remind().max(), config.remind().escalateCriticalAtOnce(),
                config.telegram().escalationChatId().filter(c -> !c.isBlank()).isPresent());
    }

    ReminderPolicy(boolean enabled, Risk minRisk, Duration after, Duration afterCritical, int max,
            boolean criticalAtOnce, boolean escalationChat) {
        this.enabled = enabled;
        this.minRisk = minRisk;
        this.after = after;
        this.afterCritical = afterCritical;
        this.max = max;
        this.criticalAtOnce = criticalAtOnce;
        this.escalationChat = escalationChat;
    }

    /** Where an incident's reminders stand: how many were sent, whether it was escalated. */
    public record State(int sent, boolean escalated) {
    }

    /**
     * What to do when an incident's reminder is due: the notification to write (null: none), the state after it, and
     * whether anything is left to do later.
     */
    public record Step(NotificationKind write, State after, boolean more) {
    }

    /** Whether reminders are on. */
    public boolean enabled() {
        return enabled;
    }

    /** Whether an open incident of {@code risk} gets reminders. */
    public boolean reminds(Risk risk) {
        return !minRisk.higherThan(risk == null ? Risk.MEDIUM : risk);
    }

    /** Time to the next reminder of an incident of {@code risk}. */
    public Duration interval(Risk risk) {
        return risk == Risk.CRITICAL ? afterCritical : after;
    }

    /** Whether an incident of {@code risk} goes to the escalation chat before its reminders. */
    public boolean escalateAtOnce(Risk risk) {
        return escalationChat && risk == Risk.CRITICAL && criticalAtOnce;
    }

    /**
     * The step due for an incident of {@code risk} in {@code state}: up to the maximum reminders, then (or first, for
     * CRITICAL when so set) the escalation, when there is an escalation chat; then nothing more.
     */
    public Step due(Risk risk, State state) {
        int sent = state.sent();
        boolean escalated = state.escalated();
        NotificationKind write = null;
        if (escalationChat && !escalated && (sent >= max || escalateAtOnce(risk))) {
            write = NotificationKind.ESCALATION;
            escalated = true;
        } else if (sent < max) {
            write = NotificationKind.REMINDER;
            sent++;
        }
        boolean more = sent < max || (escalationChat && !escalated);
        return new Step(write, new State(sent, escalated), more);
    }
}
