package dev.sentrytriage.incident;

import dev.sentrytriage.text.StoredText;




import dev.sentrytriage.text.StoredText;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the parser extracts from one delivery: the issue and, for event payloads, the event that triggered it.
 * Every field but {@code source}, {@code project} and {@code issueId} may be null.
 */
@RegisterForReflection // serialized into the incident's stored context by our own ObjectMapper
public record IssueContext(
        String source,
        String resource,
        String action,
        TriageEvent event,
        String issueId,
        String shortId,
        String title,
        String culprit,
        String level,
        String project,
        String environment,
        String release,
        String platform,
        Instant firstSeen,
        Instant lastSeen,
        Long count,
        Long userCount,
        String message,
        String exceptionType,
        String exceptionValue,
        List<Tag> tags,
        List<Frame> frames,
        String sentryUrl,
        String triggeredRule,
        String eventId,
        String assignee,
        Instant mutedUntil) {

    /**
     * Whatever source built it, the incident's key is storable: issue id and project are cleaned (no NUL, no lone
     * surrogate) and hashed past {@link StoredText#MAX_KEY} characters (idempotent).
     */
    public IssueContext {
        issueId = StoredText.key(issueId);
        project = StoredText.key(project);
    }

    /** Incidents raised from Sentry issues. */
    public static final String SOURCE_ISSUE = "sentry";
    /** Incidents raised from Sentry metric alerts. */
    public static final String SOURCE_METRIC_ALERT = "sentry-metric-alert";

    /** A tag's value, or null. */
    public String tag(String key) {
        if (tags == null) {
            return null;
        }
        return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }

    public boolean hasFrames() {
        return frames != null && !frames.isEmpty();
    }
}
