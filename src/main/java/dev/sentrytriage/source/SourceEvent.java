package dev.sentrytriage.source;

import dev.sentrytriage.change.ChangeEvent;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.sentry.SeerEvent;

/** One source-neutral thing a delivery says: something happened to an incident, or the running system changed. */
public sealed interface SourceEvent {

    /**
     * What happened to the incident {@code context} names (source, project, issue id).
     *
     * @param occurrenceKey identifies the occurrence across deliveries (an Alertmanager alert's fingerprint and start):
     *        a second delivery with the same key is not a new occurrence; null when every delivery is one
     * @param opensIncident whether this event may create the incident; false for a resolve of something never seen
     */
    record Incident(IssueContext context, String occurrenceKey, boolean opensIncident) implements SourceEvent {
    }

    /** What Seer (Sentry's AI) found or did for a Sentry issue: its analysis, a pull request, a step. */
    record Seer(SeerEvent event) implements SourceEvent {
    }

    /** A deploy, release, promoted build or adjustment. */
    record Change(ChangeEvent change) implements SourceEvent {
    }

    /** An occurrence (or status change) of the incident, created on first sight: the Sentry behaviour. */
    static SourceEvent incident(IssueContext context) {
        return new Incident(context, null, true);
    }
}
