package dev.sentrytriage.sentry;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sentrytriage.config.TriageConfig;

/**
 * Turns a verified Sentry webhook payload into an {@link IssueContext}. Tolerant by design: ids and counts may be
 * strings or numbers, any field may be missing, unknown levels pass through as they are.
 */
@ApplicationScoped
public class SentryPayloadParser {

    /** Frames kept per context: the ones an engineer reads first. */
    public static final int MAX_FRAMES = 5;

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
        String action = text(payload.get("action"));
        JsonNode data = payload.path("data");
        return switch (resource) {
            case ISSUE -> issue(action, data.path("issue"));
            case EVENT_ALERT -> event("event_alert", action, data.path("event"), text(data.get("triggered_rule")));
            case ERROR -> event("error", action, data.path("error"), null);
            case METRIC_ALERT -> metricAlert(action, data, payload.path("installation"));
            case NOT_TRIAGED -> throw new IllegalArgumentException("resource is not triaged");
        };
    }

    private IssueContext issue(String action, JsonNode issue) {
        String id = text(issue.get("id"));
        JsonNode metadata = issue.path("metadata");
        JsonNode project = issue.path("project");
        String url = firstNonBlank(text(issue.get("permalink")), text(issue.get("web_url")),
                webUrl.toString().replaceAll("/+$", "") + "/issues/" + id + "/");
        JsonNode assignedTo = issue.path("assignedTo");
        String assignee = assignedTo.isObject() ? firstNonBlank(text(assignedTo.get("name")), text(assignedTo.get("type"))) : null;
        TriageEvent event = switch (action == null ? "" : action) {
            case "created" -> TriageEvent.OCCURRENCE;
            case "resolved" -> TriageEvent.RESOLVED;
            case "ignored", "archived" -> TriageEvent.MUTED;
            case "unresolved" -> TriageEvent.UNRESOLVED;
            case "assigned" -> TriageEvent.ASSIGNED;
            default -> TriageEvent.NONE;
        };
        return new IssueContext(IssueContext.SOURCE_ISSUE, "issue", action, event, id,
                text(issue.get("shortId")),
                firstNonBlank(text(issue.get("title")), joinTypeValue(metadata), "Sentry issue " + id),
                text(issue.get("culprit")),
                level(issue.get("level")),
                firstNonBlank(text(project.get("slug")), text(project.get("name")), text(project.get("id")), "unknown"),
                null, null,
                text(issue.get("platform")),
                instant(issue.get("firstSeen")),
                instant(issue.get("lastSeen")),
                number(issue.get("count")),
                number(issue.get("userCount")),
                text(metadata.get("value")),
                text(metadata.get("type")),
                text(metadata.get("value")),
                List.of(), List.of(), url, null, null, assignee,
                mutedUntil(issue.path("statusDetails")));
    }

    private IssueContext event(String resource, String action, JsonNode ev, String rule) {
        String issueId = text(ev.get("issue_id"));
        JsonNode exception = lastException(ev);
        String webUrlOfEvent = text(ev.get("web_url"));
        String issueUrl = webUrlOfEvent != null && webUrlOfEvent.contains("/events/")
                ? webUrlOfEvent.substring(0, webUrlOfEvent.indexOf("/events/") + 1)
                : firstNonBlank(webUrlOfEvent, webUrl.toString().replaceAll("/+$", "") + "/issues/" + issueId + "/");
        List<Tag> tags = tags(ev.get("tags"));
        Instant at = firstNonNull(instant(ev.get("datetime")), instant(ev.get("timestamp")));
        JsonNode metadata = ev.path("metadata");
        String message = firstNonBlank(text(ev.path("logentry").get("formatted")), text(ev.get("message")),
                text(metadata.get("value")));
        return new IssueContext(IssueContext.SOURCE_ISSUE, resource, action, TriageEvent.OCCURRENCE, issueId,
                null,
                firstNonBlank(text(ev.get("title")), joinTypeValue(metadata), "Sentry issue " + issueId),
                text(ev.get("culprit")),
                level(ev.get("level")),
                eventProject(ev),
                firstNonBlank(text(ev.get("environment")), tagValue(tags, "environment")),
                firstNonBlank(text(ev.get("release")), tagValue(tags, "release")),
                text(ev.get("platform")),
                at, at, null, null,
                message,
                firstNonBlank(text(exception.get("type")), text(metadata.get("type"))),
                firstNonBlank(text(exception.get("value")), text(metadata.get("value"))),
                tags,
                topFrames(exception.path("stacktrace").path("frames"), ev.path("stacktrace").path("frames")),
                issueUrl, rule, text(ev.get("event_id")), null, null);
    }

    private IssueContext metricAlert(String action, JsonNode data, JsonNode installation) {
        JsonNode alert = data.path("metric_alert");
        JsonNode rule = alert.path("alert_rule");
        String id = text(alert.get("id"));
        String ruleName = text(rule.get("name"));
        TriageEvent event = "resolved".equals(action) ? TriageEvent.RESOLVED
                : ("critical".equals(action) || "warning".equals(action)) ? TriageEvent.OCCURRENCE : TriageEvent.NONE;
        String project = firstNonBlank(first(alert.get("projects")), first(rule.get("projects")),
                text(installation.path("organization").get("slug")), "unknown");
        Instant started = firstNonNull(instant(alert.get("date_started")), instant(alert.get("date_detected")));
        String description = text(data.get("description_text"));
        return new IssueContext(IssueContext.SOURCE_METRIC_ALERT, "metric_alert", action, event, id,
                null,
                firstNonBlank(text(data.get("description_title")), ruleName, text(alert.get("title")), "Metric alert " + id),
                ruleName,
                event == TriageEvent.OCCURRENCE ? action : null,
                project,
                text(rule.get("environment")),
                null, null, started, started, null, null,
                description == null ? null : description.replace("\\n", "\n"),
                null, null, List.of(), List.of(),
                text(data.get("web_url")), ruleName, null, null, null);
    }

    /** In-app frames first, then the rest; each group newest first (Sentry sends oldest first); at most five. */
    static List<Frame> topFrames(JsonNode... candidates) {
        JsonNode frames = null;
        for (JsonNode c : candidates) {
            if (c != null && c.isArray() && !c.isEmpty()) {
                frames = c;
                break;
            }
        }
        if (frames == null) {
            return List.of();
        }
        List<Frame> all = new ArrayList<>();
        for (int i = frames.size() - 1; i >= 0; i--) {
            JsonNode f = frames.get(i);
            all.add(new Frame(text(f.get("filename")), text(f.get("function")), text(f.get("module")),
                    integer(f.get("lineno")), integer(f.get("colno")), f.path("in_app").asBoolean(false),
                    text(f.get("context_line")), lines(f.get("pre_context")), lines(f.get("post_context"))));
        }
        all.sort(Comparator.comparing(f -> !f.inApp())); // stable: keeps newest first within each group
        return List.copyOf(all.subList(0, Math.min(MAX_FRAMES, all.size())));
    }

    private static JsonNode lastException(JsonNode ev) {
        JsonNode values = ev.path("exception").path("values");
        if (values.isArray() && !values.isEmpty()) {
            return values.get(values.size() - 1); // Sentry lists chained exceptions oldest first
        }
        return ev.path("exception");
    }

    private static String eventProject(JsonNode ev) {
        String url = text(ev.get("url"));
        if (url != null) {
            Matcher m = PROJECT_IN_URL.matcher(url);
            if (m.find()) {
                return m.group(1);
            }
        }
        return firstNonBlank(text(ev.get("project_slug")), text(ev.get("project")), "unknown");
    }

    private static List<Tag> tags(JsonNode node) {
        List<Tag> tags = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode t : node) {
                if (t.isArray() && t.size() >= 2) {
                    tags.add(new Tag(text(t.get(0)), text(t.get(1))));
                } else if (t.isObject()) {
                    tags.add(new Tag(text(t.get("key")), text(t.get("value"))));
                }
            }
        } else if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> tags.add(new Tag(e.getKey(), text(e.getValue()))));
        }
        return List.copyOf(tags.stream().filter(t -> t.key() != null).toList());
    }

    private static String tagValue(List<Tag> tags, String key) {
        return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }

    private static List<String> lines(JsonNode node) {
        if (node == null || !node.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.isNull() ? "" : n.asText()));
        return List.copyOf(out);
    }

    private static Instant mutedUntil(JsonNode statusDetails) {
        return instant(statusDetails.get("ignoreUntil"));
    }

    private static String level(JsonNode node) {
        String level = text(node);
        return level == null ? null : level.toLowerCase(Locale.ROOT);
    }

    private static String joinTypeValue(JsonNode metadata) {
        String type = text(metadata.get("type"));
        String value = text(metadata.get("value"));
        if (type != null && value != null) {
            return type + ": " + value;
        }
        return firstNonBlank(type, value);
    }

    private static String first(JsonNode array) {
        return array != null && array.isArray() && !array.isEmpty() ? text(array.get(0)) : null;
    }

    /** Text of a string or number node; null for missing, null, blank or structured nodes. */
    public static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return null;
        }
        String s = node.isNumber() ? node.numberValue() instanceof BigDecimal d ? d.toPlainString() : node.asText()
                : node.asText();
        return s.isBlank() ? null : s;
    }

    static Long number(JsonNode node) {
        String s = text(node);
        if (s == null) {
            return null;
        }
        try {
            return new BigDecimal(s.trim()).longValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer integer(JsonNode node) {
        Long n = number(node);
        return n == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
    }

    /** ISO-8601 text or unix seconds (possibly fractional); null when neither. */
    static Instant instant(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(Math.round(node.asDouble() * 1000));
        }
        String s = node.asText().trim();
        if (s.isEmpty()) {
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
