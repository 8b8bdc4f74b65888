package dev.sentrytriage.analysis;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Events as Sentry's API returns them ({@code GET /api/0/issues/{id}/events/latest/}: {@code entries}, tags as
 * key/value objects, frames with {@code lineNo}, {@code inApp} and {@code context} pairs), and personal data planted
 * into webhook fixtures to prove the scrubber removes it.
 */
final class SentryEvents {

    private static final String SECRET_TEXT = "Login failed for jane.doe@example.org from 10.20.30.40 token=abc123secretvalue "
            + "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig123abcDEF card 4111 1111 1111 1111 "
            + "ref ACME-123456 db postgres://admin:hunter2pass@db.internal:5432/shop";

    /** Every personal or secret value in the fixtures and in what this class plants or serves. */
    static final List<String> PERSONAL = List.of("162.217.75.90", "162.218.85.90", "person@example.com", "Person",
            "jane.doe@example.org", "10.20.30.40", "abc123secretvalue", "eyJhbGciOiJIUzI1NiJ9", "4111 1111 1111 1111",
            "ACME-123456", "hunter2pass", "s3cr3tSess", "AKIAIOSFODNN7EXAMPLE", "sam.user@example.net", "203.0.113.77",
            "samuser77", "tok_live_998877", OpenAiProfile.SENTRY_TOKEN);

    private SentryEvents() {
    }

    /** Puts secrets into every text field of a webhook fixture the parser reads. */
    static void plantSecrets(ObjectNode tree) {
        ObjectNode data = (ObjectNode) tree.get("data");
        if (data.has("issue")) {
            ObjectNode issue = (ObjectNode) data.get("issue");
            ((ObjectNode) issue.get("metadata")).put("value", SECRET_TEXT);
            issue.put("culprit", "handler(https://api.example.com/v1?api_key=AKIAIOSFODNN7EXAMPLE)");
        }
        for (String key : new String[] { "event", "error" }) {
            if (data.has(key)) {
                ObjectNode ev = (ObjectNode) data.get(key);
                ObjectNode exception = (ObjectNode) ev.get("exception").get("values").get(0);
                exception.put("value", SECRET_TEXT);
                ArrayNode tags = (ArrayNode) ev.get("tags");
                tags.addArray().add("user.email").add("jane.doe@example.org");
                tags.addArray().add("url").add("https://shop.example.com/cb?session=s3cr3tSess&email=jane.doe@example.org");
                ObjectNode frame = (ObjectNode) exception.get("stacktrace").get("frames").get(0);
                frame.put("context_line", "db = connect('postgres://admin:hunter2pass@db.internal:5432/shop')");
                ev.put("message", SECRET_TEXT);
            }
        }
    }

    /** A latest event with an in-app JavaScript frame and its source lines. */
    static String latestEvent(String issueId) {
        return event(issueId, false);
    }

    /** The same event carrying a user, user tags and secrets in its message and request. */
    static String latestEventWithPersonalData() {
        return event("1", true);
    }

    private static String event(String issueId, boolean personal) {
        String user = personal
                ? "{\"id\":\"42\",\"email\":\"sam.user@example.net\",\"username\":\"samuser77\",\"ip_address\":\"203.0.113.77\","
                        + "\"name\":\"Sam User\",\"data\":null}"
                : "null";
        String extraTags = personal
                ? ",{\"key\":\"user\",\"value\":\"email:sam.user@example.net\"},{\"key\":\"user.ip\",\"value\":\"203.0.113.77\"}"
                        + ",{\"key\":\"url\",\"value\":\"https://shop.example.com/pay?token=tok_live_998877\"}"
                : "";
        String message = personal ? "Payment for sam.user@example.net from 203.0.113.77 failed" : "";
        return """
                {"id":"9999aaafcc8b46d797c23c6077c6ff01","groupID":"%s","eventID":"9999aaafcc8b46d797c23c6077c6ff01",
                 "projectID":"1","size":7397,"type":"error","title":"TypeError: Cannot read properties of undefined (reading 'reduce')",
                 "message":"%s","platform":"javascript","culprit":"renderCheckout(src/checkout/cart)",
                 "dateCreated":"2024-05-02T10:11:12.000000Z","dateReceived":"2024-05-02T10:11:12.345000Z",
                 "location":"src/checkout/cart.js","user":%s,
                 "tags":[{"key":"environment","value":"production"},{"key":"release","value":"shop@1.4.2"},
                         {"key":"browser","value":"Chrome 124.0.0"},{"key":"level","value":"error"}%s],
                 "release":{"version":"shop@1.4.2","shortVersion":"1.4.2"},
                 "metadata":{"type":"TypeError","value":"Cannot read properties of undefined (reading 'reduce')"},
                 "entries":[
                  {"type":"exception","data":{"values":[{"type":"TypeError",
                    "value":"Cannot read properties of undefined (reading 'reduce')","module":null,
                    "mechanism":{"type":"onerror","handled":false},
                    "stacktrace":{"frames":[
                      {"filename":"node_modules/react-dom/cjs/react-dom.production.min.js","absPath":"webpack:///node_modules/react-dom/cjs/react-dom.production.min.js",
                       "module":"react-dom/cjs/react-dom.production.min","function":"renderWithHooks","lineNo":157,"colNo":18,"inApp":false,"context":[]},
                      {"filename":"src/checkout/cart.js","absPath":"webpack:///src/checkout/cart.js","module":"src/checkout/cart",
                       "function":"renderCheckout","lineNo":42,"colNo":31,"inApp":true,
                       "context":[[40,"export function renderCheckout(cart) {"],[41,"  // cart.items is missing for guests"],
                                  [42,"  const total = cart.items.reduce((sum, i) => sum + i.price, 0);"],[43,"  return total;"],[44,"}"]]}
                    ],"framesOmitted":null,"registers":null,"hasSystemFrames":true}}],
                    "hasSystemFrames":true,"excOmitted":null}},
                  {"type":"request","data":{"url":"https://shop.example.com/checkout","method":"GET","query":[],"headers":[]}}
                 ],
                 "contexts":{"browser":{"name":"Chrome","version":"124.0.0","type":"browser"}},
                 "sdk":{"name":"sentry.javascript.react","version":"7.112.2"},"errors":[]}
                """.formatted(issueId, message, user, extraTags);
    }
}
