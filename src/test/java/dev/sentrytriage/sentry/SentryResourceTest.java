package dev.sentrytriage.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.sentry.SentryResource.Envelope;
import dev.sentrytriage.support.SentryFixtures;

/** The request path reads a body once as a stream; it must agree with the parsed tree on every real payload. */
class SentryResourceTest {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({ "issue.created", "issue.resolved", "issue.assigned", "issue.ignored", "event_alert.triggered",
            "error.created", "metric_alert.critical", "metric_alert.warning", "metric_alert.resolved",
            "installation.created", "comment.created", "seer.root_cause_completed", "seer.pr_created" })
    void agreesWithTheTreeOnEveryFixture(String fixture) throws IOException {
        byte[] body = SentryFixtures.body(fixture);
        SentryResource resource = SentryResource.fromHeader(SentryFixtures.resource(fixture));
        JsonNode tree = MAPPER.readTree(body);

        Envelope envelope = inspect(resource, body);

        assertNull(envelope.missing());
        assertFalse(tree.path("action").asText().isBlank());
        assertEquals(tree.path("action").asText(), envelope.action());
        if (resource.triaged()) {
            String pointer = switch (resource) {
                case ISSUE -> "/data/issue/id";
                case EVENT_ALERT -> "/data/event/issue_id";
                case ERROR -> "/data/error/issue_id";
                case SEER -> "/data/group_id";
                default -> "/data/metric_alert/id";
            };
            assertFalse(tree.at(pointer).asText().isBlank());
            assertEquals(tree.at(pointer).asText(), envelope.issueId());
        } else {
            assertNull(envelope.issueId());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"data\":{\"issue\":{\"id\":42}}}|42",
            "{\"data\":{\"issue\":{\"id\":\"7\",\"tags\":[{\"a\":{\"id\":1}}]},\"id\":9}}|7",
            "{\"data\":{\"issue\":{\"id\":\"1\"}},\"data \":{}}|1",
            "{\"data\":{\"issue\":{\"id\":\"1\"}},\"data\":{\"issue\":{\"id\":\"2\"}}}|2", // last repeated key counts
            "{\"data\":{\"other\":{\"issue\":{\"id\":\"3\"}},\"issue\":{\"id\":\"4\"}}}|4" })
    void findsTheIssueIdOnlyOnItsPath(String json, String id) throws IOException {
        assertEquals(id, inspect(SentryResource.ISSUE, json).issueId());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"data\":{}}|payload has no data.issue object",
            "{\"data\":{\"issue\":\"x\"}}|payload has no data.issue object",
            "{\"data\":[{\"issue\":{\"id\":1}}]}|payload has no data.issue object",
            "{\"data\":{\"issue\":{\"id\":\"1\"}},\"data\":{}}|payload has no data.issue object",
            "{\"data\":{\"issue\":{}}}|payload has no data.issue.id",
            "{\"data\":{\"issue\":{\"id\":\"  \"}}}|payload has no data.issue.id",
            "{\"data\":{\"issue\":{\"id\":1.5}}}|payload has no data.issue.id",
            "{\"data\":{\"issue\":{\"id\":null}}}|payload has no data.issue.id",
            "[{\"data\":{\"issue\":{\"id\":1}}}]|body is not a JSON object",
            "\"text\"|body is not a JSON object",
            "{\"data\":{\"issue\":{\"id\":1}}} {}|body is not a JSON object" })
    void saysWhatIsMissing(String json, String missing) throws IOException {
        assertEquals(missing, inspect(SentryResource.ISSUE, json).missing());
    }

    @Test
    void aNonStringActionIsNoAction() throws IOException {
        Envelope envelope = inspect(SentryResource.ISSUE, "{\"action\":{\"x\":1},\"data\":{\"issue\":{\"id\":1}}}");
        assertNull(envelope.action());
        assertNull(envelope.missing());
    }

    @Test
    void aResourceThatIsNotTriagedStillNeedsAnObject() throws IOException {
        assertNull(inspect(SentryResource.NOT_TRIAGED, "{\"action\":\"created\"}").missing());
        assertEquals("body is not a JSON object", inspect(SentryResource.NOT_TRIAGED, "[1]").missing());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"data\":{\"issue\":{\"id\":1}},\"extra\":[1,2,}",
            "{\"data\":{\"issue\":{\"id\":1}},\"extra\":{\"a\":tru}}",
            "{\"data\":{\"issue\":{\"id\":1}}",
            "{\"data\":{\"issue\":{\"id\":1,}}}" })
    void aMalformedBodyFailsEvenWhereNothingIsRead(String json) {
        assertThrows(JsonProcessingException.class, () -> inspect(SentryResource.ISSUE, json));
    }

    private static Envelope inspect(SentryResource resource, String json) throws IOException {
        return inspect(resource, json.getBytes(StandardCharsets.UTF_8));
    }

    private static Envelope inspect(SentryResource resource, byte[] body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            return resource.inspect(parser);
        }
    }
}
