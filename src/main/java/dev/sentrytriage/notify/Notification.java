package dev.sentrytriage.notify;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One outbound message in the outbox, written in the transaction of the incident change that calls for it. */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    /** The only channel so far. */
    public static final String TELEGRAM = "telegram";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "incident_id")
    public Long incidentId;
    public String channel;
    @Enumerated(EnumType.STRING)
    public NotificationKind kind;
    @Enumerated(EnumType.STRING)
    public NotificationStatus status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    public int attempts;
    @Column(name = "lease_until")
    public Instant leaseUntil;
    @Column(name = "sent_at")
    public Instant sentAt;
    @Column(name = "last_error")
    public String lastError;
    /** Chat the message went to (after following a supergroup upgrade). */
    @Column(name = "chat_id")
    public String chatId;
    /** Telegram's id of the message sent or edited, for later edits. */
    @Column(name = "message_id")
    public Long messageId;

    /** A pending notification of {@code kind} for {@code incidentId}, due at {@code dueAt}. */
    public static Notification pending(Long incidentId, NotificationKind kind, Instant now, Instant dueAt) {
        Notification n = new Notification();
        n.incidentId = incidentId;
        n.channel = TELEGRAM;
        n.kind = kind;
        n.status = NotificationStatus.PENDING;
        n.createdAt = now;
        n.nextAttemptAt = dueAt;
        return n;
    }
}
