package dev.sentrytriage.incident;

import java.time.Instant;
import java.util.List;

import dev.sentrytriage.text.StoredText;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the parser extracts from one delivery: the issue and, for event payloads, the event that triggered it.
 * Every field but {@code source}, {@code project} and {@code issueId} may be null. Built by name with
 * {@link #builder(String, String, String)} (or {@link #toBuilder()} for a changed copy), stored as the incident's
 * {@code context} ({@code jsonb}).
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

    /** A context of the incident keyed by {@code source}, {@code project} and {@code issueId}; tags and frames empty. */
    public static Builder builder(String source, String project, String issueId) {
        return new Builder().source(source).project(project).issueId(issueId);
    }

    /** A builder holding every field of this context, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.source = source;
        b.resource = resource;
        b.action = action;
        b.event = event;
        b.issueId = issueId;
        b.shortId = shortId;
        b.title = title;
        b.culprit = culprit;
        b.level = level;
        b.project = project;
        b.environment = environment;
        b.release = release;
        b.platform = platform;
        b.firstSeen = firstSeen;
        b.lastSeen = lastSeen;
        b.count = count;
        b.userCount = userCount;
        b.message = message;
        b.exceptionType = exceptionType;
        b.exceptionValue = exceptionValue;
        b.tags = tags;
        b.frames = frames;
        b.sentryUrl = sentryUrl;
        b.triggeredRule = triggeredRule;
        b.eventId = eventId;
        b.assignee = assignee;
        b.mutedUntil = mutedUntil;
        return b;
    }

    /** Sets fields by name; what is not set is null (tags and frames: empty). */
    public static final class Builder {
        private String source;
        private String resource;
        private String action;
        private TriageEvent event;
        private String issueId;
        private String shortId;
        private String title;
        private String culprit;
        private String level;
        private String project;
        private String environment;
        private String release;
        private String platform;
        private Instant firstSeen;
        private Instant lastSeen;
        private Long count;
        private Long userCount;
        private String message;
        private String exceptionType;
        private String exceptionValue;
        private List<Tag> tags = List.of();
        private List<Frame> frames = List.of();
        private String sentryUrl;
        private String triggeredRule;
        private String eventId;
        private String assignee;
        private Instant mutedUntil;

        private Builder() {
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder resource(String resource) {
            this.resource = resource;
            return this;
        }

        public Builder action(String action) {
            this.action = action;
            return this;
        }

        public Builder event(TriageEvent event) {
            this.event = event;
            return this;
        }

        public Builder issueId(String issueId) {
            this.issueId = issueId;
            return this;
        }

        public Builder shortId(String shortId) {
            this.shortId = shortId;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder culprit(String culprit) {
            this.culprit = culprit;
            return this;
        }

        public Builder level(String level) {
            this.level = level;
            return this;
        }

        public Builder project(String project) {
            this.project = project;
            return this;
        }

        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        public Builder release(String release) {
            this.release = release;
            return this;
        }

        public Builder platform(String platform) {
            this.platform = platform;
            return this;
        }

        public Builder firstSeen(Instant firstSeen) {
            this.firstSeen = firstSeen;
            return this;
        }

        public Builder lastSeen(Instant lastSeen) {
            this.lastSeen = lastSeen;
            return this;
        }

        public Builder count(Long count) {
            this.count = count;
            return this;
        }

        public Builder userCount(Long userCount) {
            this.userCount = userCount;
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder exceptionType(String exceptionType) {
            this.exceptionType = exceptionType;
            return this;
        }

        public Builder exceptionValue(String exceptionValue) {
            this.exceptionValue = exceptionValue;
            return this;
        }

        public Builder tags(List<Tag> tags) {
            this.tags = tags;
            return this;
        }

        public Builder frames(List<Frame> frames) {
            this.frames = frames;
            return this;
        }

        public Builder sentryUrl(String sentryUrl) {
            this.sentryUrl = sentryUrl;
            return this;
        }

        public Builder triggeredRule(String triggeredRule) {
            this.triggeredRule = triggeredRule;
            return this;
        }

        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder assignee(String assignee) {
            this.assignee = assignee;
            return this;
        }

        public Builder mutedUntil(Instant mutedUntil) {
            this.mutedUntil = mutedUntil;
            return this;
        }

        public IssueContext build() {
            return new IssueContext(source, resource, action, event, issueId, shortId, title, culprit, level, project, environment, release, platform, firstSeen, lastSeen, count, userCount, message, exceptionType, exceptionValue, tags, frames, sentryUrl, triggeredRule, eventId, assignee, mutedUntil);
        }
    }
}
