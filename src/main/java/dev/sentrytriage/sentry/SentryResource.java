package dev.sentrytriage.sentry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import dev.sentrytriage.text.StoredText;

/**
 * The {@code Sentry-Hook-Resource} values and what each must carry to be triaged. Resources that are
 * not triaged (installation, comment, anything new) are stored and marked ignored.
 */
public enum SentryResource {
    ISSUE("issue", "/data/issue", "/data/issue/id"),
    EVENT_ALERT("event_alert", "/data/event", "/data/event/issue_id"),
    ERROR("error", "/data/error", "/data/error/issue_id"),
    METRIC_ALERT("metric_alert", "/data/metric_alert", "/data/metric_alert/id"),
    /** Seer, Sentry's AI: root cause, solution, coding, pull request of an issue ({@code group_id}). */
    SEER("seer", "/data", "/data/group_id"),
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

    /**
     * A body as intake and worker both read it: UTF-8, each malformed sequence (a stray byte, an encoded surrogate
     * such as {@code ED A0 80}) read as U+FFFD. Read strictly, such bytes pass intake's streaming check when they sit
     * in a value it skips, yet make the worker's full parse fail; read this way, what intake accepts the worker reads.
     */
    public static String decode(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Reads a verified body once, as a stream (no tree is built on the request path): whether it is one well-formed
     * JSON object, its top-level {@code action}, and whether it has what this resource needs (the object that holds
     * the issue and the issue's id).
     *
     * @throws JsonProcessingException when the body is not well-formed JSON
     */
    public Envelope inspect(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return new Envelope(null, null, "body is not a JSON object");
        }
        Walk walk = new Walk(triaged() ? segments(id) : new String[0]);
        walk.object(parser, 0, true);
        if (parser.nextToken() != null) {
            return new Envelope(null, null, "body is not a JSON object"); // something after the object
        }
        if (!triaged()) {
            return new Envelope(walk.action, null, null);
        }
        if (!walk.holderFound) {
            String holder = object.substring(1).replace('/', '.');
            return new Envelope(walk.action, null, "payload has no " + holder + " object");
        }
        if (walk.issueId == null) {
            return new Envelope(walk.action, null, "payload has no " + id.substring(1).replace('/', '.'));
        }
        return new Envelope(walk.action, walk.issueId, null);
    }

    private static String[] segments(String pointer) {
        return pointer.substring(1).split("/");
    }

    /**
     * What intake learns from a body: {@code action} and {@code issueId} as sent (null when absent), and
     * {@code missing}, why it cannot be triaged (null when it can).
     */
    public record Envelope(String action, String issueId, String missing) {
    }

    /** One pass over the tokens; a repeated key counts as its last occurrence, as in a parsed tree. */
    private static final class Walk {
        private final String[] path; // e.g. data, event, issue_id: the holder object is all but the last
        private String action;
        private boolean holderFound;
        private String issueId;

        Walk(String[] path) {
            this.path = path;
        }

        /** At START_OBJECT, depth levels below the root; {@code onPath} when every key so far followed the path. */
        void object(JsonParser parser, int depth, boolean onPath) throws IOException {
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (depth == 0 && "action".equals(name)) {
                    action = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                boolean next = onPath && depth < path.length && path[depth].equals(name);
                if (next && depth == path.length - 2) {
                    holderFound = value == JsonToken.START_OBJECT; // the holder, seen again: it replaces the first
                    issueId = null;
                } else if (next && depth < path.length - 2) {
                    holderFound = false;
                    issueId = null;
                }
                if (next && depth == path.length - 1) {
                    issueId = idText(parser, value);
                }
                if (value == JsonToken.START_OBJECT) {
                    if (next && depth < path.length - 1) {
                        object(parser, depth + 1, true);
                    } else {
                        parser.skipChildren(); // still read token by token: a malformed body fails here
                    }
                } else if (value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new JsonParseException(parser, "unexpected " + token);
            }
        }

        private static String idText(JsonParser parser, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_STRING) {
                // as the parser will read it: an id of nothing but NUL, lone surrogates or blanks is no id
                return StoredText.clean(parser.getText(), Integer.MAX_VALUE);
            }
            return value == JsonToken.VALUE_NUMBER_INT ? parser.getText() : null;
        }
    }
}
