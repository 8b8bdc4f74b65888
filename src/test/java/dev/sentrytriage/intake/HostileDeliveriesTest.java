package dev.sentrytriage.intake;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.sentry.HostilePayloads;
import dev.sentrytriage.sentry.HostilePayloads.Variant;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.WebhookTestBase;
import dev.sentrytriage.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * Hostile bodies (issue 11), signed with the test secret: what is answered 202 becomes an incident, anything else is
 * 400 (stored as rejected), 401 or 413, never 5xx, and a neighbour in the same group commit gets its own answer.
 */
@QuarkusTest
class HostileDeliveriesTest extends WebhookTestBase {

    @Test
    void neighboursOfAnActionWithNulGetTheirOwnAnswer() throws Exception {
        List<Callable<Integer>> posts = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            byte[] body = issueWithId("valid-" + n);
            posts.add(() -> Webhooks.post("issue", body).extract().statusCode());
        }
        for (int n = 0; n < 10; n++) {
            byte[] bad = ("{\"action\":\"created\\u0000\",\"data\":{\"issue\":{\"id\":\"4" + n + "\"}}}")
                    .getBytes(StandardCharsets.UTF_8);
            posts.add(n * 6, () -> Webhooks.post("issue", bad).extract().statusCode());
        }
        for (int status : concurrently(posts)) {
            assertEquals(202, status, "the NUL is cleaned; no neighbour shares another's answer");
        }
        assertEquals(70, db.count("select count(*) from delivery where status = 'PENDING'"));
        assertEquals(70, db.count("select count(*) from delivery where action = 'created'"), "NUL stripped");
        worker.drain();
        assertEquals(70, db.count("select count(*) from delivery where status = 'DONE' and incident_id is not null"));
        assertEquals(70, db.count("select count(*) from incident"));
    }

    @Test
    void aBatchTheDatabaseRefusesIsStoredOneByOne() throws Exception {
        // a refusal the cleaning cannot foresee: every delivery of a batch with one such value used to get 503
        db.update("alter table delivery add constraint h1_test_refuses_poison check (action is distinct from 'poison')");
        try {
            List<Callable<Integer>> posts = new ArrayList<>();
            for (int n = 0; n < 40; n++) {
                byte[] body = issueWithId("valid-" + n);
                posts.add(() -> Webhooks.post("issue", body).extract().statusCode());
            }
            for (int n = 0; n < 5; n++) {
                ObjectNode tree = SentryFixtures.tree("issue.created");
                tree.put("action", "poison");
                ((ObjectNode) tree.at("/data/issue")).put("id", "poison-" + n);
                byte[] body = SentryFixtures.bytes(tree);
                posts.add(n * 8, () -> Webhooks.post("issue", body).extract().statusCode());
            }
            List<Integer> answers = concurrently(posts);
            for (int i = 0; i < answers.size(); i++) {
                boolean poison = i % 8 == 0 && i / 8 < 5;
                assertEquals(poison ? 400 : 202, answers.get(i), "answer " + i);
            }
        } finally {
            db.update("alter table delivery drop constraint h1_test_refuses_poison");
        }
        assertEquals(40, db.count("select count(*) from delivery where status = 'PENDING'"));
        assertEquals(5, db.count("select count(*) from delivery where status = 'REJECTED' and action is null"
                + " and last_error like 'delivery refused by the database as sent (SQLState 23514)'"));
    }

    static Stream<Arguments> hostileVariantsOfRealPayloads() {
        return Stream.of(
                variant("issue.created", "NUL in title", t -> issue(t).put("title", "a\u0000b")),
                variant("issue.created", "NUL in culprit", t -> issue(t).put("culprit", "x\u0000")),
                variant("issue.created", "NUL in issue id", t -> issue(t).put("id", "4\u00002")),
                variant("issue.created", "firstSeen -1e15", t -> issue(t).put("firstSeen", -1e15)),
                variant("issue.ignored", "ignoreUntil +999999",
                        t -> ((ObjectNode) issue(t).path("statusDetails")).put("ignoreUntil", "+999999-01-01T00:00:00Z")),
                variant("event_alert.triggered", "datetime +999999",
                        t -> ((ObjectNode) t.at("/data/event")).put("datetime", "+999999-01-01T00:00:00Z")),
                variant("issue.created", "5,000-character issue id", t -> issue(t).put("id", "9".repeat(5000))),
                variant("issue.created", "6,000-character project slug",
                        t -> ((ObjectNode) issue(t).path("project")).put("slug", "s".repeat(6000))),
                variant("error.created", "escaped lone surrogates",
                        t -> ((ObjectNode) t.at("/data/error")).put("title", "\ud800x\udfff").put("culprit", "\udc00")),
                variant("issue.created", "count 1e999999999", t -> issue(t).put("count", "1e999999999")),
                variant("metric_alert.critical", "NUL in metric alert id",
                        t -> ((ObjectNode) t.at("/data/metric_alert")).put("id", "7\u0000")),
                Arguments.of("issue.created", "raw ED A0 80 in a skipped field",
                        rawBytes("issue.created", "installation", new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 })),
                Arguments.of("issue.created", "raw ED A0 80 in the title",
                        rawBytes("issue.created", "title", new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 })),
                Arguments.of("event_alert.triggered", "stray byte FF in the tags",
                        rawBytes("event_alert.triggered", "tags", new byte[] { (byte) 0xFF })));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("hostileVariantsOfRealPayloads")
    void hostileVariantOfARealPayloadBecomesAnIncident(String fixture, String what, byte[] body) {
        String id = Webhooks.post(SentryFixtures.resource(fixture), body).statusCode(202)
                .body("status", equalTo("accepted")).extract().path("deliveryId");
        assertEquals(1, worker.drain(), what);
        assertEquals("DONE", db.single("select status from delivery where id = cast(?1 as uuid)", id));
        assertEquals(1, db.count("select count(*) from incident i join delivery d on d.incident_id = i.id"
                + " where d.id = cast(?1 as uuid)", id));
    }

    @Test
    void issueIdOfNothingButNulIsRejectedAtIntake() {
        ObjectNode tree = SentryFixtures.tree("issue.created");
        issue(tree).put("id", "\u0000\ud800 ");
        Webhooks.post("issue", SentryFixtures.bytes(tree)).statusCode(400)
                .body("error", equalTo("payload has no data.issue.id"));
        assertEquals("REJECTED", db.single("select status from delivery"));
        assertEquals(0, worker.drain());
    }

    /**
     * Property over the whole path (jqwik's generators, sampled here because the application is a Quarkus test): a
     * bounded sample of hostile variants, posted concurrently; each is answered 202 (and then DONE with an incident),
     * 200 (the same body again), 400 (stored as rejected) or 413, never anything else.
     */
    @Test
    void arbitraryHostilePayloadsAreAnsweredAsPromised() throws Exception {
        List<Variant> variants = HostilePayloads.variants().sampleStream().limit(30).toList();
        List<Callable<ExtractableResponse<Response>>> posts = new ArrayList<>();
        for (Variant v : variants) {
            posts.add(() -> Webhooks.post(v.resource(), v.body()).extract());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<ExtractableResponse<Response>> answers = new ArrayList<>();
        try {
            for (Future<ExtractableResponse<Response>> f : pool.invokeAll(posts)) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            int status = answers.get(i).statusCode();
            String what = variants.get(i) + " answered " + status;
            assertTrue(List.of(200, 202, 400, 413).contains(status), what);
            if (status == 202) {
                accepted.add(answers.get(i).path("deliveryId"));
            } else if (status == 400) {
                assertEquals("REJECTED", db.single("select status from delivery where id = cast(?1 as uuid)",
                        (String) answers.get(i).path("deliveryId")), what);
            }
        }
        worker.drain();
        for (String id : accepted) {
            Map<String, Object> row = Map.of("status", db.single("select status from delivery where id = cast(?1 as uuid)", id));
            assertEquals("DONE", row.get("status"), () -> "delivery " + id + ": "
                    + db.single("select coalesce(last_error, '') from delivery where id = cast(?1 as uuid)", id));
            assertNotNull(db.single("select incident_id from delivery where id = cast(?1 as uuid)", id));
        }
        assertEquals(0, db.count("select count(*) from delivery where status in ('PENDING', 'PROCESSING', 'FAILED')"));
    }

    private static Arguments variant(String fixture, String what, Consumer<ObjectNode> change) {
        ObjectNode tree = SentryFixtures.tree(fixture);
        change.accept(tree);
        return Arguments.of(fixture, what, SentryFixtures.bytes(tree));
    }

    /** The fixture with {@code bytes} written raw (not escaped) into a string value under {@code key}. */
    private static byte[] rawBytes(String fixture, String key, byte[] bytes) {
        ObjectNode tree = SentryFixtures.tree(fixture);
        String marker = "@@raw@@";
        if (key.equals("installation")) {
            tree.putObject("installation").put("note", "a" + marker + "b");
        } else if (key.equals("tags")) {
            ((ObjectNode) tree.at("/data/event")).putArray("tags").addArray().add("k").add("v" + marker);
        } else {
            issue(tree).put(key, "a" + marker + "b");
        }
        String json = new String(SentryFixtures.bytes(tree), StandardCharsets.US_ASCII);
        int at = json.indexOf(marker);
        byte[] head = json.substring(0, at).getBytes(StandardCharsets.US_ASCII);
        byte[] tail = json.substring(at + marker.length()).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + bytes.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bytes, 0, out, head.length, bytes.length);
        System.arraycopy(tail, 0, out, head.length + bytes.length, tail.length);
        return out;
    }

    private static ObjectNode issue(ObjectNode tree) {
        return (ObjectNode) tree.at("/data/issue");
    }

    private static byte[] issueWithId(String id) {
        ObjectNode tree = SentryFixtures.tree("issue.created");
        issue(tree).put("id", id);
        return SentryFixtures.bytes(tree);
    }

    private static List<Integer> concurrently(List<Callable<Integer>> posts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(posts)) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
