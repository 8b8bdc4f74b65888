package dev.sentrytriage.sentry;

import static dev.sentrytriage.sentry.SentryPayloadParser.text;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sentrytriage.text.SafeUrl;
import dev.sentrytriage.text.StoredText;

/**
 * Reads a verified Seer webhook ({@code Sentry-Hook-Resource: seer}) as a {@link SeerEvent}: the root cause's
 * description and its most important step, the solution's description and its steps, the first pull request's link.
 * Tolerant like {@link SentryPayloadParser}: any field may be missing; text is cleaned and capped.
 */
public final class SeerPayloadParser {

    private static final int MAX_STEPS = 10;

    private SeerPayloadParser() {
    }

    /** The event a Seer payload carries; its issue id is {@code data.group_id}. */
    public static SeerEvent parse(JsonNode payload) {
        JsonNode data = payload.path("data");
        String issueId = SentryPayloadParser.key(data.get("group_id"));
        String runId = text(data.get("run_id"), StoredText.MAX_SHORT);
        String action = text(payload.get("action"), StoredText.MAX_SHORT);
        return switch (action == null ? "" : action) {
            case "root_cause_completed" -> new SeerEvent(issueId, SeerEvent.Kind.ROOT_CAUSE, runId,
                    rootCause(data.path("root_cause")), null);
            case "solution_completed" -> new SeerEvent(issueId, SeerEvent.Kind.SOLUTION, runId,
                    solution(data.path("solution")), null);
            case "coding_started" -> new SeerEvent(issueId, SeerEvent.Kind.CODING_STARTED, runId, null, null);
            case "pr_created" -> new SeerEvent(issueId, SeerEvent.Kind.PR_CREATED, runId, null,
                    pullRequest(data.path("pull_requests")));
            default -> new SeerEvent(issueId, SeerEvent.Kind.OTHER, runId, null, null);
        };
    }

    /** The description, then the step Seer marks most important (and its file, when it names one). */
    private static String rootCause(JsonNode rootCause) {
        String description = text(rootCause.get("description"), StoredText.MAX_LONG);
        String key = null;
        for (JsonNode step : rootCause.path("steps")) {
            if (step.path("is_most_important_event").asBoolean(false)) {
                key = text(step.get("title"));
                String file = text(step.path("relevant_code_file").get("file_path"));
                if (key != null && file != null && !"N/A".equals(file)) {
                    key = key + " (" + file + ")";
                }
                break;
            }
        }
        String joined = description == null ? key : key == null ? description : description + " Key step: " + key;
        return StoredText.clean(joined, StoredText.MAX_LONG);
    }

    /** The description, then the steps' titles in order. */
    private static String solution(JsonNode solution) {
        List<String> parts = new ArrayList<>();
        String description = text(solution.get("description"), StoredText.MAX_LONG);
        if (description != null) {
            parts.add(description);
        }
        int n = 0;
        for (JsonNode step : solution.path("steps")) {
            String title = text(step.get("title"));
            if (title != null && n < MAX_STEPS) {
                parts.add(++n + ". " + title);
            }
        }
        return parts.isEmpty() ? null : StoredText.clean(String.join(" ", parts), StoredText.MAX_LONG);
    }

    /** The first pull request's link, when it is an absolute http(s) URL. */
    private static String pullRequest(JsonNode pullRequests) {
        for (JsonNode pr : pullRequests) {
            String url = SafeUrl.http(text(pr.path("pull_request").get("pr_url"), StoredText.MAX_URL));
            if (url != null) {
                return url;
            }
        }
        return null;
    }
}
