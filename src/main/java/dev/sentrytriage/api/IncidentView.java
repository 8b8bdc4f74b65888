package dev.sentrytriage.api;

import java.time.Instant;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.Recurrence;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.text.SafeUrl;

/** An incident as the API shows it. {@code analysis} is null until an analyzer has answered. */
public record IncidentView(
        long id,
        String source,
        String project,
        String issueId,
        String shortId,
        String title,
        String culprit,
        String level,
        Risk risk,
        IncidentStatus status,
        Instant mutedUntil,
        long occurrences,
        int regressions,
        Counts counts,
        Instant firstSeen,
        Instant lastSeen,
        String environment,
        String release,
        String platform,
        String assignee,
        Instant statusChangedAt,
        String statusChangedBy,
        Links links,
        Analysis analysis) {

    /** Occurrences received in the last hour, day and week. */
    public record Counts(long lastHour, long lastDay, long lastWeek) {
    }

    /** Where the incident lives elsewhere: only absolute http(s) links, else null. */
    public record Links(String sentry) {
    }

    /** What the analyzer said, as untrusted text. */
    public record Analysis(String rootCause, String impact, String fixSuggestion, String prevention, Double confidence,
            String analyzedBy, Instant analyzedAt) {
    }

    static IncidentView of(Incident i, Recurrence r) {
        Analysis analysis = i.analyzedBy == null && i.rootCause == null ? null
                : new Analysis(i.rootCause, i.impact, i.fixSuggestion, i.prevention, i.confidence, i.analyzedBy,
                        i.analyzedAt);
        return new IncidentView(i.id, i.source, i.project, i.issueId, i.shortId, i.title, i.culprit, i.level, i.risk,
                i.status, i.mutedUntil, i.occurrences, i.regressions,
                new Counts(r.lastHour(), r.lastDay(), r.lastWeek()), i.firstSeen, i.lastSeen, i.environment,
                i.release, i.platform, i.assignee, i.statusChangedAt, i.statusChangedBy, new Links(SafeUrl.http(i.sentryUrl)),
                analysis);
    }
}
