package dev.sentrytriage.notify;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.sentrytriage.worker.WorkSignals;

/**
 * Writes notifications in the caller's transaction. A new episode always gets its own row (it becomes a new
 * message, unless an earlier one still waits); an update is written only when no row of the incident is still waiting, because a waiting row renders the
 * incident as it is when it is sent. That keeps an alert storm to one message and a few edits. A written row wakes
 * the Telegram sender when the transaction commits.
 */
@ApplicationScoped
public class Outbox {

    private final WorkSignals signals;

    public Outbox(WorkSignals signals) {
        this.signals = signals;
    }

    private static final List<NotificationKind> EPISODE_KINDS = List.of(NotificationKind.OPENED,
            NotificationKind.REGRESSION, NotificationKind.ESCALATED);

    /**
     * A new message for the incident (opened, regression, escalation), due at {@code dueAt}, unless the message of
     * an episode is still waiting to go out: that one will show the incident as it is by then.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void episode(long incidentId, NotificationKind kind, Instant now, Instant dueAt) {
        long waiting = Notification.count("incidentId = ?1 and status = ?2 and kind in ?3", incidentId,
                NotificationStatus.PENDING, EPISODE_KINDS);
        if (waiting == 0) {
            queue(Notification.pending(incidentId, kind, now, dueAt));
        }
    }

    /** An edit of the incident's current message, unless one is already waiting. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void update(long incidentId, NotificationKind kind, Instant now) {
        long waiting = Notification.count("incidentId = ?1 and status = ?2", incidentId, NotificationStatus.PENDING);
        if (waiting == 0) {
            queue(Notification.pending(incidentId, kind, now, now));
        }
    }

    private void queue(Notification notification) {
        notification.persist();
        signals.afterCommit(signals.notifications());
    }
}
