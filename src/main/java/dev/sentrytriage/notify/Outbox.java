package dev.sentrytriage.notify;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Writes notifications in the caller's transaction. A new episode always gets its own row (it becomes a new
 * message); an update is written only when no row of the incident is still waiting, because a waiting row renders the
 * incident as it is when it is sent. That keeps an alert storm to one message and a few edits.
 */
@ApplicationScoped
public class Outbox {

    /** A new message for the incident (opened, regression, escalation), due at {@code dueAt}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void episode(long incidentId, NotificationKind kind, Instant now, Instant dueAt) {
        Notification.pending(incidentId, kind, now, dueAt).persist();
    }

    /** An edit of the incident's current message, unless one is already waiting. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void update(long incidentId, NotificationKind kind, Instant now) {
        long waiting = Notification.count("incidentId = ?1 and status = ?2", incidentId, NotificationStatus.PENDING);
        if (waiting == 0) {
            Notification.pending(incidentId, kind, now, now).persist();
        }
    }
}
