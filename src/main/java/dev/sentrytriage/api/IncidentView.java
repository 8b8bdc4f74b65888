package dev.sentrytriage.api;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.sentrytriage.change.ChangeEvent;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.Recurrence;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.incident.SourceLink;
import dev.sentrytriage.notify.ChatRouter.Destination;
import dev.sentrytriage.text.SafeUrl;

/**
 * An incident as the API shows it. {@code analysis} is null until an analyzer has answered. {@code routedTo} is the
 * chat its messages go to by the routes as configured now, and {@code route} the route that took it ({@code routes[n]}
 * or its name, {@code default} for the default chat); both null when no route takes it and there is no default chat:
 * it is stored, but no message is sent.
 */
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
        Map<String, String> links,
        List<Change> changes,
        Analysis analysis,
        String routedTo,
        String route,
        SentrySync sentrySync) {

    /** Occurrences received in the last hour, day and week. */
    public record Counts(long lastHour, long lastDay, long lastWeek) {
    }

    /**
     * A change of the same project in the hour before the incident opened (deploy, release, promoted build,
     * adjustment), the most recent first.
     */
    public record Change(String source, String title, Instant at, String url) {
    }

    /** What the analyzer said, as untrusted text. */
    public record Analysis(String rootCause, String impact, String fixSuggestion, String prevention, Double confidence,
            String analyzedBy, Instant analyzedAt) {
    }

    /**
     * The write-back of the incident's last status change to its Sentry issue: {@code status} one of pending, sending,
     * synced, failed, dead; {@code detail} what Sentry now has ("resolved") or why not ("403 ..."); null when nothing
     * was written back.
     */
    public record SentrySync(String status, String detail, Instant at) {
    }

    /** Without its changes (lists). */
    static IncidentView of(Incident i, Recurrence r, Destination to) {
        return of(i, r, List.of(), to);
    }

    /**
     * The incident with its counts and changes. {@code links} names the system the link leads to ({@code sentry},
     * {@code build} for Foundries, {@code alertmanager}, or the source's name) and is empty when there is none.
     */
    static IncidentView of(Incident i, Recurrence r, List<ChangeEvent> changes, Destination to) {
        Analysis analysis = i.analyzedBy == null && i.rootCause == null ? null
                : new Analysis(i.rootCause, i.impact, i.fixSuggestion, i.prevention, i.confidence, i.analyzedBy,
                        i.analyzedAt);
        return new IncidentView(i.id, i.source, i.project, i.issueId, i.shortId, i.title, i.culprit, i.level, i.risk,
                i.status, i.mutedUntil, i.occurrences, i.regressions,
                new Counts(r.lastHour(), r.lastDay(), r.lastWeek()), i.firstSeen, i.lastSeen, i.environment,
                i.release, i.platform, i.assignee, i.statusChangedAt, i.statusChangedBy, links(i),
                changes.stream().map(c -> new Change(c.source(), c.title(), c.at(), SafeUrl.http(c.url()))).toList(),
                analysis, to.chatId(), to.route(), i.sentrySyncState == null ? null
                        : new SentrySync(i.sentrySyncState.toLowerCase(Locale.ROOT), i.sentrySyncDetail,
                                i.sentrySyncAt));
    }

    /** Only absolute http(s) links are served. */
    private static Map<String, String> links(Incident i) {
        String url = SafeUrl.http(i.sentryUrl);
        return url == null ? Map.of() : Map.of(SourceLink.of(i.source).key(), url);
    }
}
