package dev.sentrytriage.sentry;

import static dev.sentrytriage.text.StoredText.*;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Frame;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Tag;
import dev.sentrytriage.incident.TriageEvent;
import dev.sentrytriage.text.StoredText;

/**
 * Turns a verified Sentry webhook payload into an {@link IssueContext}. Tolerant by design: ids and counts may be
 * strings or numbers, any field may be missing, unknown levels pass through as they are.
 *
 * <p>Normalising: whatever a payload holds, the context it gives can be stored. Text loses NUL and lone surrogates
 * (PostgreSQL stores neither) and is cut to the caps below; an issue id or project longer than {@link StoredText#MAX_KEY} is
 * kept as a prefix and the SHA-256 of the whole (it is part of a unique index); a timestamp outside
 * {@link #EARLIEST}..{@link #LATEST} is dropped, as if absent; a count beyond a long is clamped (README, "Limits").
 */
@ApplicationScoped
public class SentryPayloadParser {

    /** Earliest timestamp taken from a payload; an earlier one is dropped. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** Latest timestamp taken from a payload; a later one is dropped. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static final Pattern PROJECT_IN_URL = Pattern.compile("/projects/[^/]+/([^/]+)/");

    private final URI webUrl;

    @Inject
    public SentryPayloadParser(TriageConfig config) {
        this(config.sentry().webUrl());
    }

    SentryPayloadParser(URI webUrl) {
        this.webUrl = webUrl;
    }

    /** Parses a payload whose shape {@link SentryResource#inspect} accepted. */
    public IssueContext parse(SentryResource resource, JsonNode payload) {
        String action = text(payload.get("action"), MAX_SHORT);
        JsonNode data = payload.path("data");
        return switch (resource) {
            case ISSUE -> issue(action, data.path("issue"));
            case EVENT_ALERT -> event("event_alert", action, data.path("event"), text(data.get("triggered_rule")));
            case ERROR -> event("error", action, data.path("error"), null);
            case METRIC_ALERT -> metricAlert(action, data, payload.path("installation"));
            case SEER -> throw new IllegalArgumentException("a Seer payload is read by SeerPayloadParser");
            case NOT_TRIAGED -> throw new IllegalArgumentException("resource is not triaged");
        };
    }

    private IssueContext issue(String action, JsonNode issue) {
        String id = key(issue.get("id"));
        JsonNode metadata = issue.path("metadata");
        JsonNode project = issue.path("project");
        String url = firstNonBlank(text(issue.get("permalink"), MAX_URL), text(issue.get("web_url"), MAX_URL),
                webUrl.toString().replaceAll("/+$", "") + "/issues/" + id + "/");
        JsonNode assignedTo = issue.path("assignedTo");
        String assignee = assignedTo.isObject()
                ? firstNonBlank(text(assignedTo.get("name"), MAX_SHORT), text(assignedTo.get("type"), MAX_SHORT))
                : null;
        TriageEvent event = switch (action == null ? "" : action) {
            case "created" -> TriageEvent.OCCURRENCE;
            case "resolved" -> TriageEvent.RESOLVED;
            case "ignored", "archived" -> TriageEvent.MUTED;
            case "unresolved" -> TriageEvent.UNRESOLVED;
            case "assigned" -> TriageEvent.ASSIGNED;
            default -> TriageEvent.NONE;
        };
        return IssueContext.builder(IssueContext.SOURCE_ISSUE,
                        firstNonBlank(key(project.get("slug")), key(project.get("name")), key(project.get("id")),
                                "unknown"),
                        id)
                .resource("issue").action(action).event(event)
                .shortId(text(issue.get("shortId"), MAX_SHORT))
                .title(firstNonBlank(text(issue.get("title")), joinTypeValue(metadata), "Sentry issue " + id))
                .culprit(text(issue.get("culprit")))
                .level(level(issue.get("level")))
                .platform(text(issue.get("platform"), MAX_SHORT))
                .firstSeen(instant(issue.get("firstSeen")))
                .lastSeen(instant(issue.get("lastSeen")))
                .count(number(issue.get("count")))
                .userCount(number(issue.get("userCount")))
                .message(text(metadata.get("value"), MAX_LONG))
                .exceptionType(text(metadata.get("type"), MAX_SHORT))
                .exceptionValue(text(metadata.get("value"), MAX_LONG))
                .sentryUrl(url).assignee(assignee)
                .mutedUntil(mutedUntil(issue.path("statusDetails")))
                .build();
    }

    private IssueContext event(String resource, String action, JsonNode ev, String rule) {
        String issueId = key(ev.get("issue_id"));
        JsonNode exception = lastException(ev);
        String webUrlOfEvent = text(ev.get("web_url"), MAX_URL);
        String issueUrl = webUrlOfEvent != null && webUrlOfEvent.contains("/events/")
                ? webUrlOfEvent.substring(0, webUrlOfEvent.indexOf("/events/") + 1)
                : firstNonBlank(webUrlOfEvent, webUrl.toString().replaceAll("/+$", "") + "/issues/" + issueId + "/");
        List<Tag> tags = tags(ev.get("tags"));
        Instant at = firstNonNull(instant(ev.get("datetime")), instant(ev.get("timestamp")));
        JsonNode metadata = ev.path("metadata");
        String message = firstNonBlank(text(ev.path("logentry").get("formatted"), MAX_LONG),
                text(ev.get("message"), MAX_LONG), text(metadata.get("value"), MAX_LONG));
        return IssueContext.builder(IssueContext.SOURCE_ISSUE, eventProject(ev), issueId)
                .resource(resource).action(action).event(TriageEvent.OCCURRENCE)
                .title(firstNonBlank(text(ev.get("title")), joinTypeValue(metadata), "Sentry issue " + issueId))
                .culprit(text(ev.get("culprit")))
                .level(level(ev.get("level")))
                .environment(firstNonBlank(text(ev.get("environment"), MAX_SHORT),
                        clean(tagValue(tags, "environment"), MAX_SHORT)))
                .release(firstNonBlank(text(ev.get("release"), MAX_SHORT), clean(tagValue(tags, "release"), MAX_SHORT)))
                .platform(text(ev.get("platform"), MAX_SHORT))
                .firstSeen(at).lastSeen(at)
                .message(message)
                .exceptionType(firstNonBlank(text(exception.get("type"), MAX_SHORT), text(metadata.get("type"), MAX_SHORT)))
                .exceptionValue(firstNonBlank(text(exception.get("value"), MAX_LONG),
                        text(metadata.get("value"), MAX_LONG)))
                .tags(tags)
                .frames(topFrames(exception.path("stacktrace").path("frames"), ev.path("stacktrace").path("frames")))
                .sentryUrl(issueUrl).triggeredRule(rule).eventId(text(ev.get("event_id"), MAX_SHORT))
                .build();
    }

    private IssueContext metricAlert(String action, JsonNode data, JsonNode installation) {
        JsonNode alert = data.path("metric_alert");
        JsonNode rule = alert.path("alert_rule");
        String id = key(alert.get("id"));
        String ruleName = text(rule.get("name"));
        TriageEvent event = "resolved".equals(action) ? TriageEvent.RESOLVED
                : ("critical".equals(action) || "warning".equals(action)) ? TriageEvent.OCCURRENCE : TriageEvent.NONE;
        String project = firstNonBlank(StoredText.key(first(alert.get("projects"))), StoredText.key(first(rule.get("projects"))),
                key(installation.path("organization").get("slug")), "unknown");
        Instant started = firstNonNull(instant(alert.get("date_started")), instant(alert.get("date_detected")));
        String description = text(data.get("description_text"), MAX_LONG);
        return IssueContext.builder(IssueContext.SOURCE_METRIC_ALERT, project, id)
                .resource("metric_alert").action(action).event(event)
                .title(firstNonBlank(text(data.get("description_title")), ruleName, text(alert.get("title")),
                        "Metric alert " + id))
                .culprit(ruleName)
                .level(event == TriageEvent.OCCURRENCE ? action : null)
                .environment(text(rule.get("environment"), MAX_SHORT))
                .firstSeen(started).lastSeen(started)
                .message(description == null ? null : description.replace("\\n", "\n"))
                .sentryUrl(text(data.get("web_url"), MAX_URL)).triggeredRule(ruleName)
                .build();
    }

    /** The first non-empty of {@code candidates} read by {@link SentryFrames#top}. */
    static List<Frame> topFrames(JsonNode... candidates) {
        for (JsonNode c : candidates) {
            if (c != null && c.isArray() && !c.isEmpty()) {
                return SentryFrames.top(c);
            }
        }
        return List.of();
    }

    private static JsonNode lastException(JsonNode ev) {
        JsonNode values = ev.path("exception").path("values");
        if (values.isArray() && !values.isEmpty()) {
            return values.get(values.size() - 1); // Sentry lists chained exceptions oldest first
        }
        return ev.path("exception");
    }

    private static String eventProject(JsonNode ev) {
        String url = raw(ev.get("url"));
        if (url != null) {
            Matcher m = PROJECT_IN_URL.matcher(url);
            if (m.find()) {
                return StoredText.key(m.group(1));
            }
        }
        return firstNonBlank(key(ev.get("project_slug")), key(ev.get("project")), "unknown");
    }

    private static List<Tag> tags(JsonNode node) {
        List<Tag> tags = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode t : node) {
                if (t.isArray() && t.size() >= 2) {
                    tags.add(new Tag(text(t.get(0), MAX_SHORT), text(t.get(1))));
                } else if (t.isObject()) {
                    tags.add(new Tag(text(t.get("key"), MAX_SHORT), text(t.get("value"))));
                }
            }
        } else if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> tags.add(new Tag(clean(e.getKey(), MAX_SHORT), text(e.getValue()))));
        }
        return List.copyOf(tags.stream().filter(t -> t.key() != null).limit(MAX_TAGS).toList());
    }

    private static String tagValue(List<Tag> tags, String key) {
        return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }

    private static Instant mutedUntil(JsonNode statusDetails) {
        return instant(statusDetails.get("ignoreUntil"));
    }

    private static String level(JsonNode node) {
        String level = text(node, MAX_SHORT);
        return level == null ? null : level.toLowerCase(Locale.ROOT);
    }

    private static String joinTypeValue(JsonNode metadata) {
        String type = text(metadata.get("type"));
        String value = text(metadata.get("value"));
        if (type != null && value != null) {
            return clean(type + ": " + value, MAX_TEXT);
        }
        return firstNonBlank(type, value);
    }

    private static String first(JsonNode array) {
        return array != null && array.isArray() && !array.isEmpty() ? raw(array.get(0)) : null;
    }

    /** Text of a string or number node, cleaned and cut to {@link #MAX_TEXT}; null for missing, null, blank or structured nodes. */
    public static String text(JsonNode node) {
        return text(node, MAX_TEXT);
    }

    /** As {@link #text(JsonNode)}, cut to {@code max} characters. */
    public static String text(JsonNode node, int max) {
        return clean(raw(node), max);
    }

    /** An issue id or project: cleaned, and hashed when longer than {@link StoredText#MAX_KEY}; null when absent or blank. */
    static String key(JsonNode node) {
        return StoredText.key(raw(node));
    }

    private static String raw(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return null;
        }
        if (node.numberValue() instanceof BigDecimal d) {
            return Math.abs((long) d.scale()) > 1000 ? d.toString() : d.toPlainString(); // 1e-999999999 stays short
        }
        return node.asText();
    }

    static Long number(JsonNode node) {
        String s = raw(node);
        if (s == null || s.isBlank() || s.length() > 1000) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(s.trim());
            int digits = d.precision() - d.scale(); // digits before the point; never expands 1e999999999
            if (digits <= 0) {
                return 0L;
            }
            if (digits > 19) {
                return d.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            BigDecimal clamped = d.max(BigDecimal.valueOf(Long.MIN_VALUE)).min(BigDecimal.valueOf(Long.MAX_VALUE));
            return clamped.longValue();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** ISO-8601 text or unix seconds (possibly fractional); null when neither or outside {@link #EARLIEST}..{@link #LATEST}. */
    static Instant instant(JsonNode node) {
        Instant t = anyInstant(node);
        return t == null || t.isBefore(EARLIEST) || t.isAfter(LATEST) ? null : t;
    }

    private static Instant anyInstant(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return null;
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(Math.round(node.asDouble() * 1000));
        }
        String s = node.asText().trim();
        if (s.isEmpty() || s.length() > 100) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.ofEpochMilli(Math.round(Double.parseDouble(s) * 1000));
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
    }

    /** The first argument that is not null, or null. */
    @SafeVarargs
    public static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
