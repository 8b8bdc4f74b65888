package dev.sentrytriage.analysis;

import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.Webhooks;

/** Posts real Sentry fixtures under a fresh issue id (the database is shared by all tests), with optional edits. */
final class AnalysisScenario {

    private AnalysisScenario() {
    }

    /** A fresh numeric issue id, unique in this test JVM's database. */
    static String newIssueId() {
        return String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L) + 1);
    }

    /** Posts {@code fixture} as issue {@code issueId} (a fresh event id each time, so it is never a duplicate). */
    static void post(String fixture, String issueId, Consumer<ObjectNode> edit) {
        ObjectNode tree = SentryFixtures.tree(fixture);
        ObjectNode data = (ObjectNode) tree.get("data");
        String eventId = UUID.randomUUID().toString().replace("-", "");
        if (data.has("issue")) {
            ((ObjectNode) data.get("issue")).put("id", issueId);
        }
        for (String key : new String[] { "event", "error" }) {
            if (data.has(key)) {
                ObjectNode ev = (ObjectNode) data.get(key);
                ev.put("issue_id", issueId);
                ev.put("event_id", eventId);
                ev.put("web_url", "https://sentry.io/organizations/test-org/issues/" + issueId + "/events/" + eventId + "/");
            }
        }
        if (edit != null) {
            edit.accept(tree);
        }
        Webhooks.post(SentryFixtures.resource(fixture), SentryFixtures.bytes(tree)).statusCode(202);
    }

    static void post(String fixture, String issueId) {
        post(fixture, issueId, null);
    }

    /** The title under which the fixture's incident will be stored, made unique with the issue id. */
    static Consumer<ObjectNode> title(String title) {
        return tree -> {
            ObjectNode data = (ObjectNode) tree.get("data");
            for (String key : new String[] { "issue", "event", "error" }) {
                if (data.has(key)) {
                    ((ObjectNode) data.get(key)).put("title", title);
                }
            }
        };
    }

    /** An OpenAI chat completion answer carrying {@code content}. */
    static String completion(String content, String finishReason) {
        ObjectNode root = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
        root.put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1_700_000_000L)
                .put("model", "test-model");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", finishReason);
        choice.putObject("message").put("role", "assistant").put("content", content).putNull("refusal");
        root.putObject("usage").put("prompt_tokens", 500).put("completion_tokens", 120).put("total_tokens", 620);
        return root.toString();
    }

    static final String GOOD_ANSWER = """
            {"root_cause": "The variable blooopy is used before it is declared in the runner script.",
             "impact": "Every page load of the runner fails for all users.",
             "fix_suggestion": "Declare blooopy (or fix the typo) before its first use.",
             "prevention": "Enable no-undef in ESLint and run it in CI.",
             "confidence": 0.82}""";
}
