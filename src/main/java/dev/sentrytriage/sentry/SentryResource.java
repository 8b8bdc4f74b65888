package dev.sentrytriage.sentry;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code Sentry-Hook-Resource} values and what each must carry to be triaged. Resources that are
 * not triaged (installation, comment, seer, anything new) are stored and marked ignored.
 */
public enum SentryResource {
    ISSUE("issue", "/data/issue", "/data/issue/id"),
    EVENT_ALERT("event_alert", "/data/event", "/data/event/issue_id"),
    ERROR("error", "/data/error", "/data/error/issue_id"),
    METRIC_ALERT("metric_alert", "/data/metric_alert", "/data/metric_alert/id"),
    NOT_TRIAGED(null, null, null);

    private final String header;
    private final String object;
    private final String id;

    SentryResource(String header, String object, String id) {
        this.header = header;
        this.object = object;
        this.id = id;
    }

    /** The resource named by a {@code Sentry-Hook-Resource} header; {@link #NOT_TRIAGED} for anything else. */
    public static SentryResource fromHeader(String value) {
        if (value != null) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            for (SentryResource r : values()) {
                if (wanted.equals(r.header)) {
                    return r;
                }
            }
        }
        return NOT_TRIAGED;
    }

    public boolean triaged() {
        return this != NOT_TRIAGED;
    }

    /** The issue (or metric alert) id the payload names, or null. */
    public String issueId(JsonNode payload) {
        return triaged() ? SentryPayloadParser.text(payload.at(id)) : null;
    }

    /**
     * Why a verified payload cannot be triaged, or {@code null} when it has what this resource needs: the object
     * that holds the issue and the issue's id.
     */
    public String missingPart(JsonNode payload) {
        if (!triaged()) {
            return null;
        }
        if (!payload.at(object).isObject()) {
            return "payload has no " + object.substring(1).replace('/', '.') + " object";
        }
        JsonNode idNode = payload.at(id);
        if (!(idNode.isTextual() && !idNode.asText().isBlank()) && !idNode.isIntegralNumber()) {
            return "payload has no " + id.substring(1).replace('/', '.');
        }
        return null;
    }
}
