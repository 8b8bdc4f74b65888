package dev.sentrytriage.notify;

/** Where an outbox row stands. */
public enum NotificationStatus {
    /** Waiting to be sent (possibly not before {@code next_attempt_at}). */
    PENDING,
    /** Claimed by a sender whose lease has not expired. */
    SENDING,
    /** Delivered to the channel. */
    SENT,
    /** No channel configured: the rendered message went to the log. */
    LOGGED,
    /** Superseded by a later notification of the same incident before it was sent. */
    MERGED,
    /** Held by a silence, and the incident was no longer open, or had not fired, when the silence ended. */
    SILENCED,
    /** Refused for good by the channel (e.g. bot blocked); reason in {@code last_error}. */
    FAILED,
    /** Retried until the attempts ran out; reason in {@code last_error}. */
    DEAD
}
