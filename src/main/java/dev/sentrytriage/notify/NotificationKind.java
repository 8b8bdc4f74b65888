package dev.sentrytriage.notify;

/**
 * Why a notification was written. The first three start a new message (a new episode of the incident); the others
 * update the message of the current episode.
 */
public enum NotificationKind {
    OPENED, REGRESSION, ESCALATED, UPDATED, STATUS, ANALYSIS;

    /** Whether this kind starts a new message rather than editing the current one. */
    public boolean startsEpisode() {
        return this == OPENED || this == REGRESSION || this == ESCALATED;
    }
}
