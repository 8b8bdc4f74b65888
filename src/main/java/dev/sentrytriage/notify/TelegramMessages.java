package dev.sentrytriage.notify;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.sentrytriage.change.ChangeEvent;
import dev.sentrytriage.change.ChangeLog;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentService;
import dev.sentrytriage.incident.Recurrence;
import dev.sentrytriage.infra.Rows;

/**
 * What the sender remembers in PostgreSQL: the message of each incident's current episode (for edits and their
 * interval), chats Telegram moved to a supergroup, and the webhook updates already applied.
 */
@ApplicationScoped
public class TelegramMessages {

    private final EntityManager em;
    private final IncidentService incidents;

    private final ChangeLog changes;

    public TelegramMessages(EntityManager em, IncidentService incidents, ChangeLog changes) {
        this.changes = changes;
        this.em = em;
        this.incidents = incidents;
    }

    /** The message of an incident's current episode. */
    public record Current(String chatId, Integer threadId, long messageId, Instant lastEditAt) {
    }

    /**
     * The incident as it is now and its current message (null when none was sent): what decides whether a message
     * may go out now (silence, route, edit interval, pace).
     */
    public record Head(Incident incident, Current current) {
    }

    /** The incident as it is now, its counts, its current message and the changes before it: what a message shows. */
    public record Snapshot(Incident incident, Recurrence recurrence, Current current, List<ChangeEvent> changes) {
    }

    /** Reads the incident (detached) and its current message in one short transaction; null when it is gone. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Head head(long incidentId) {
        Incident incident = Incident.findById(incidentId);
        if (incident == null) {
            return null;
        }
        em.detach(incident);
        Current current = Rows.as(em.createNativeQuery(
                "select chat_id, thread_id, message_id, last_edit_at from telegram_message where incident_id = ?1"),
                r -> new Current(r.text(0), r.integer(1), r.whole(2), r.instant(3)))
                .setParameter(1, incidentId).getResultList().stream().findFirst().orElse(null);
        return new Head(incident, current);
    }

    /**
     * What a message of {@code head}'s incident shows besides the incident: its counts and the changes before it, in
     * one short transaction. Read only for a message that goes out now, not for one put off (an edit inside its
     * interval, a paced chat): in a storm most passes put the incident's update off (bench/README.md, issue 17).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Snapshot snapshot(Head head, Instant now) {
        Incident incident = head.incident();
        return new Snapshot(incident, incidents.recurrence(incident.id, now), head.current(),
                changes.before(incident.project, incident.firstSeen));
    }

    /** Remembers a newly sent message as the incident's current one. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void sent(long incidentId, String chatId, Integer threadId, long messageId, long notificationId, Instant now) {
        em.createNativeQuery("""
                insert into telegram_message (incident_id, chat_id, thread_id, message_id, notification_id, sent_at,
                                              last_edit_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                on conflict (incident_id) do update set chat_id = excluded.chat_id, thread_id = excluded.thread_id,
                    message_id = excluded.message_id, notification_id = excluded.notification_id,
                    sent_at = excluded.sent_at, last_edit_at = excluded.last_edit_at""")
                .setParameter(1, incidentId).setParameter(2, chatId).setParameter(3, threadId)
                .setParameter(4, messageId).setParameter(5, notificationId).setParameter(6, Timestamp.from(now))
                .executeUpdate();
    }

    /** Records an edit of the incident's current message. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void edited(long incidentId, Instant now) {
        em.createNativeQuery("update telegram_message set last_edit_at = ?2 where incident_id = ?1")
                .setParameter(1, incidentId).setParameter(2, Timestamp.from(now)).executeUpdate();
    }

    /** Records that Telegram moved {@code oldChatId} to {@code newChatId}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void migrated(String oldChatId, String newChatId, Instant now) {
        em.createNativeQuery("""
                insert into telegram_chat_migration (old_chat_id, new_chat_id, migrated_at) values (?1, ?2, ?3)
                on conflict (old_chat_id) do update set new_chat_id = excluded.new_chat_id,
                                                        migrated_at = excluded.migrated_at""")
                .setParameter(1, oldChatId).setParameter(2, newChatId).setParameter(3, Timestamp.from(now))
                .executeUpdate();
    }

    /** Chats that moved, old id to new id. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Map<String, String> migrations() {
        Map<String, String> moved = new HashMap<>();
        Rows.as(em.createNativeQuery("select old_chat_id, new_chat_id from telegram_chat_migration"),
                r -> new Migration(r.text(0), r.text(1))).getResultList().forEach(m -> moved.put(m.from(), m.to()));
        return moved;
    }

    /** A chat Telegram moved: its old id and its new one. */
    private record Migration(String from, String to) {
    }

    /** Marks a webhook update as applied; false when it was applied before. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean firstDelivery(long updateId, Instant now) {
        return em.createNativeQuery("""
                insert into telegram_update (update_id, received_at) values (?1, ?2) on conflict do nothing""")
                .setParameter(1, updateId).setParameter(2, Timestamp.from(now)).executeUpdate() == 1;
    }

    /** Forgets an update whose handling failed, so Telegram's redelivery is applied. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void forget(long updateId) {
        em.createNativeQuery("delete from telegram_update where update_id = ?1").setParameter(1, updateId)
                .executeUpdate();
    }

    /**
     * Forgets up to {@code limit} applied updates received before {@code before} (Telegram stops redelivering long
     * before that), in its own transaction; the sender's hourly prune and retention call it. Returns how many.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int pruneUpdates(Instant before, int limit) {
        return em.createNativeQuery("""
                delete from telegram_update
                where update_id in (select update_id from telegram_update where received_at < ?1 limit ?2)""")
                .setParameter(1, Timestamp.from(before)).setParameter(2, limit).executeUpdate();
    }

}
