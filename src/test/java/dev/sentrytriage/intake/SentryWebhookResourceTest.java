package dev.sentrytriage.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.source.sentry.SignatureVerifier;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.WebhookTestBase;
import dev.sentrytriage.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SentryWebhookResourceTest extends WebhookTestBase {

    @ParameterizedTest
    @CsvSource({
            "issue.created,accepted", "issue.resolved,accepted", "issue.assigned,accepted", "issue.ignored,accepted",
            "event_alert.triggered,accepted", "error.created,accepted", "metric_alert.critical,accepted",
            "metric_alert.warning,accepted", "metric_alert.resolved,accepted",
            "installation.created,ignored", "installation.deleted,ignored", "comment.created,ignored",
            "comment.updated,ignored", "comment.deleted,ignored", "seer.root_cause_completed,accepted",
            "seer.pr_created,accepted" })
    void answersEveryFixtureWith202AndStoresIt(String fixture, String outcome) {
        String id = Webhooks.postFixture(fixture)
                .statusCode(202)
                .body("status", equalTo(outcome))
                .body("deliveryId", notNullValue())
                .extract().path("deliveryId");
        String expected = outcome.equals("accepted") ? "PENDING" : "IGNORED";
        assertEquals(expected, db.single("select status from delivery where id = cast(?1 as uuid)", id));
        assertEquals(1, db.count("select count(*) from delivery"));
    }

    @Test
    void unknownResourceIsStoredAndIgnored() {
        byte[] body = SentryFixtures.body("issue.created");
        Webhooks.post("brand_new_resource", body).statusCode(202).body("status", equalTo("ignored"));
        assertEquals(1, db.count("select count(*) from delivery where status = 'IGNORED'"));
    }

    @Test
    void rejectsTamperedBody() {
        byte[] body = SentryFixtures.body("issue.assigned");
        String signature = SentryFixtures.sign(body);
        byte[] tampered = body.clone();
        tampered[tampered.length / 2] ^= 1;
        Webhooks.post("issue", tampered, signature).statusCode(401).body("error", equalTo("invalid signature"));
        assertNothingStored();
    }

    @Test
    void rejectsMissingSignature() {
        Webhooks.post("issue", SentryFixtures.body("issue.created"), null).statusCode(401);
        assertNothingStored();
    }

    @Test
    void rejectsWrongSecret() {
        byte[] body = SentryFixtures.body("issue.created");
        Webhooks.post("issue", body, SignatureVerifier.sign("not-our-secret", body)).statusCode(401);
        assertNothingStored();
    }

    @Test
    void rejectsSignatureThatIsNotHex() {
        byte[] body = SentryFixtures.body("issue.created");
        String notHex = "g".repeat(64);
        Webhooks.post("issue", body, notHex).statusCode(401).body(not(containsString("hex")));
        assertNothingStored();
    }

    @Test
    void rejectsSameJsonReserializedWithOtherSpacing() throws Exception {
        byte[] body = SentryFixtures.body("issue.created");
        String signature = SentryFixtures.sign(body);
        ObjectMapper mapper = new ObjectMapper();
        byte[] pretty = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(mapper.readTree(body));
        assertEquals(mapper.readTree(body), mapper.readTree(pretty));
        Webhooks.post("issue", pretty, signature).statusCode(401);
        assertNothingStored();
    }

    @Test
    void rejectsEmptyBodySignedForAnotherBody() {
        String signature = SentryFixtures.sign(SentryFixtures.body("issue.created"));
        Webhooks.post("issue", new byte[0], signature).statusCode(401);
        assertNothingStored();
    }

    @Test
    void acceptsBodySignedWithThePreviousSecret() {
        byte[] body = SentryFixtures.body("issue.created");
        Webhooks.post("issue", body, SignatureVerifier.sign(SentryFixtures.PREVIOUS_SECRET, body))
                .statusCode(202).body("status", equalTo("accepted"));
        assertEquals(1, db.count("select count(*) from delivery"));
    }

    @Test
    void sameBodyTwiceIsProcessedOnce() {
        byte[] body = SentryFixtures.body("event_alert.triggered");
        String first = Webhooks.post("event_alert", body).statusCode(202).extract().path("deliveryId");
        String second = Webhooks.post("event_alert", body).statusCode(200)
                .body("status", equalTo("duplicate")).extract().path("deliveryId");
        assertEquals(first, second);
        assertEquals(1, worker.drain());
        Webhooks.post("event_alert", body).statusCode(200).body("status", equalTo("duplicate"));
        assertEquals(0, worker.drain());
        assertEquals(1, db.count("select occurrences from incident"));
    }

    @Test
    void concurrentCopiesOfOneBodyAreOneDelivery() throws Exception {
        byte[] body = SentryFixtures.body("error.created");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            java.util.List<java.util.concurrent.Callable<String>> posts = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                posts.add(() -> Webhooks.post("error", body).extract().asString());
            }
            java.util.Set<String> ids = new java.util.HashSet<>();
            int accepted = 0;
            for (var answer : pool.invokeAll(posts)) {
                var json = io.restassured.path.json.JsonPath.from(answer.get());
                ids.add(json.getString("deliveryId"));
                accepted += "accepted".equals(json.getString("status")) ? 1 : 0;
            }
            assertEquals(1, ids.size(), "every copy names the one stored delivery");
            assertEquals(1, accepted, "exactly one copy is accepted, the others are duplicates");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, db.count("select count(*) from delivery"));
        assertEquals(1, worker.drain());
    }

    @Test
    void verifiedButNotJsonIsRejectedAndKept() {
        byte[] body = "this is not json {".getBytes(StandardCharsets.UTF_8);
        String id = Webhooks.post("issue", body).statusCode(400)
                .body("status", equalTo("invalid"))
                .body("error", equalTo("body is not a JSON object"))
                .extract().path("deliveryId");
        assertEquals("REJECTED", db.single("select status from delivery where id = cast(?1 as uuid)", id));
        assertEquals(0, worker.drain());
        Webhooks.post("issue", body).statusCode(400);
        assertEquals(1, db.count("select count(*) from delivery"));
    }

    @Test
    void verifiedEmptyBodyIsRejected() {
        Webhooks.post("issue", new byte[0]).statusCode(400).body("error", equalTo("body is not a JSON object"));
        assertEquals(1, db.count("select count(*) from delivery where status = 'REJECTED'"));
    }

    @Test
    void payloadMissingWhatItsResourceNeedsIsRejected() {
        var tree = SentryFixtures.tree("issue.created");
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("data")).remove("issue");
        Webhooks.post("issue", SentryFixtures.bytes(tree)).statusCode(400)
                .body("error", equalTo("payload has no data.issue object"));
        var alert = SentryFixtures.tree("event_alert.triggered");
        ((com.fasterxml.jackson.databind.node.ObjectNode) alert.at("/data/event")).remove("issue_id");
        Webhooks.post("event_alert", SentryFixtures.bytes(alert)).statusCode(400)
                .body("error", equalTo("payload has no data.event.issue_id"));
        assertEquals(2, db.count("select count(*) from delivery where status = 'REJECTED'"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        byte[] body = new byte[1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');
        given().contentType("application/json")
                .header("Sentry-Hook-Resource", "issue")
                .header("Sentry-Hook-Signature", SentryFixtures.sign(body))
                .body(body)
                .when().post("/webhooks/sentry")
                .then().statusCode(413);
        assertNothingStored();
    }

    private void assertNothingStored() {
        assertEquals(0, db.count("select count(*) from delivery"));
    }
}
