package dev.sentrytriage.notify;

/**
 * Why a notification was written. OPENED, REGRESSION, ESCALATED start a new message (a new episode of the incident),
 * and so does MUTE_ENDED (the same episode, but people must be told); UPDATED, STATUS, ANALYSIS edit the message of the
 * current episode. REMINDER and ESCALATION are messages of their own, never merged with the others: a reminder replies
 * to the episode's message, an escalation goes to the escalation chat; neither becomes the message later edits change.
 */
public enum NotificationKind {
    OPENED, REGRESSION, ESCALATED, UPDATED, STATUS, ANALYSIS, MUTE_ENDED, REMINDER, ESCALATION;

    /** Whether this kind starts a new message of the episode rather than editing the current one. */
    public boolean startsEpisode() {
        return this == OPENED || this == REGRESSION || this == ESCALATED || this == MUTE_ENDED;
    }

    /** Whether this kind is a message of its own beside the episode's (a reminder, an escalation). */
    public boolean standalone() {
        return this == REMINDER || this == ESCALATION;
    }
}
