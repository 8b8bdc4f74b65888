package dev.sentrytriage.incident;

import java.time.Instant;

/**
 * What happened to an incident, published as a CDI event inside the transaction that changed it. Observers that
 * write (the outbox) run in that transaction ({@code @Observes}, the default phase), so the change and what follows
 * from it commit together or not at all. The domain publishes; it does not know who listens.
 *
 * @param incidentId the incident
 * @param change what happened
 * @param via where the change came from; null when the service itself made it (an analysis)
 * @param at when, by the service's clock
 */
public record IncidentChanged(long incidentId, Change change, Via via, Instant at) {

    /**
     * The kinds of change; the first three start a new episode (a new message), the others update it, except
     * {@link #MUTE_ENDED}, which continues the episode in a new message.
     */
    public enum Change {
        /** First seen. */
        OPENED,
        /** Fired again after being resolved. */
        REGRESSION,
        /** Within an episode, the risk rose. */
        ESCALATED,
        /** More occurrences, a new assignee: what the message shows changed. */
        UPDATED,
        /** Someone (or the sender) changed the status. */
        STATUS,
        /** The analysis of the episode changed. */
        ANALYSIS,
        /**
         * A mute ran out and the incident fired again: it is open again, in the same episode (same analysis), and
         * people are told with a new message rather than an edit (an edit does not notify).
         */
        MUTE_ENDED;

        /** Whether this change starts a new episode of the incident (a new message) rather than updating it. */
        public boolean startsEpisode() {
            return this == OPENED || this == REGRESSION || this == ESCALATED;
        }
    }
}
