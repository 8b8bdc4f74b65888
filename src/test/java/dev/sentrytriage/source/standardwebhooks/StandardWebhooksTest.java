package dev.sentrytriage.source.standardwebhooks;

import static dev.sentrytriage.support.SourceWebhooks.generic;
import static dev.sentrytriage.support.SourceWebhooks.standard;
import static dev.sentrytriage.support.SourceWebhooks.standardSignature;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sentrytriage.support.MutableClock;
import dev.sentrytriage.support.SourceWebhooks;
import dev.sentrytriage.support.WebhookTestBase;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class StandardWebhooksTest extends WebhookTestBase {

    static final String ALERT = "{\"key\":\"checkout-5xx\",\"title\":\"Checkout answers 5xx\",\"level\":\"error\","
            + "\"project\":\"shop\",\"environment\":\"production\",\"url\":\"https://grafana.example.com/d/1\","
            + "\"message\":\"12% of requests failed\",\"tags\":{\"region\":\"eu-1\"}}";

    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

    @BeforeEach
    void setUp() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    @Test
    void acceptsTheSpecificationsVectorWithThePreviousKeyAtItsTime() {
        JsonNode v = SourceWebhooks.vectors("standard-webhooks", "vectors.json").get(0);
        long at = v.path("webhook-timestamp").asLong();
        QuarkusMock.installMockForType(new MutableClock(Instant.ofEpochSecond(at).plusSeconds(60)), Clock.class);
        byte[] body = v.path("payload").asText().getBytes(StandardCharsets.UTF_8);
        // the vector's body has neither key nor title: verified, then refused as a generic alert (stored, 400)
        standard("deploys", v.path("webhook-id").asText(), at, body, v.path("webhook-signature").asText())
                .statusCode(400).body("error", equalTo("payload has no key"));
        assertEquals("REJECTED", db.single("select status from delivery where source = 'deploys'"));
    }

    @Test
    void acceptsTheCurrentKeyAmongSeveralSignatures() {
        byte[] body = ALERT.getBytes(StandardCharsets.UTF_8);
        String good = standardSignature(SourceWebhooks.GENERIC_KEY, "msg_1", now(), body);
        standard("deploys", "msg_1", now(), body, "v1,bm90IGl0 " + good).statusCode(202)
                .body("status", equalTo("accepted"));
    }

    @Test
    void refusesWrongKeysStaleTimestampsAndMissingHeaders() {
        byte[] body = ALERT.getBytes(StandardCharsets.UTF_8);
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString("other".getBytes(StandardCharsets.UTF_8));
        standard("deploys", "msg_2", now(), body, standardSignature(other, "msg_2", now(), body)).statusCode(401)
                .body("error", equalTo("invalid signature"));
        long stale = now() - Duration.ofMinutes(6).toSeconds();
        standard("deploys", "msg_2", stale, body, standardSignature(SourceWebhooks.GENERIC_KEY, "msg_2", stale, body))
                .statusCode(401);
        long future = now() + Duration.ofMinutes(6).toSeconds();
        standard("deploys", "msg_2", future, body, standardSignature(SourceWebhooks.GENERIC_KEY, "msg_2", future, body))
                .statusCode(401);
        standard("deploys", "msg_2", now(), body, null).statusCode(401);
        // signed for another id: the id is part of what is signed
        standard("deploys", "msg_3", now(), body, standardSignature(SourceWebhooks.GENERIC_KEY, "msg_2", now(), body))
                .statusCode(401);
        assertEquals(0, db.count("select count(*) from delivery"));
    }

    @Test
    void anUnknownSourceIs404() {
        byte[] body = ALERT.getBytes(StandardCharsets.UTF_8);
        standard("billing", "msg_4", now(), body, standardSignature(SourceWebhooks.GENERIC_KEY, "msg_4", now(), body))
                .statusCode(404).body("error", equalTo("no such source"));
    }

    @Test
    void theWebhookIdIsTheIdempotencyKey() {
        generic("msg_5", now(), ALERT).statusCode(202);
        clock.advance(Duration.ofSeconds(30)); // the sender's retry: same id, new timestamp and signature
        generic("msg_5", now(), ALERT).statusCode(200).body("status", equalTo("duplicate"));
        generic("msg_6", now(), ALERT).statusCode(202).body("status", equalTo("accepted"));
        assertEquals(2, db.count("select count(*) from delivery"));
    }

    @Test
    void badBodiesAre400AndStoredAsRejected() {
        generic("msg_7", now(), "{\"title\":\"no key\"}").statusCode(400).body("error", equalTo("payload has no key"));
        generic("msg_8", now(), "{\"key\":\"k\",\"title\":\"t\",\"status\":\"maybe\"}").statusCode(400);
        generic("msg_9", now(), "{\"type\":\"change\"}").statusCode(400).body("error", equalTo("payload has no title"));
        generic("msg_10", now(), "[]").statusCode(400);
        assertEquals(4, db.count("select count(*) from delivery where status = 'REJECTED'"));
    }

    @Test
    void aGenericAlertOpensAndResolvesItsIncident() {
        generic("msg_11", now(), ALERT).statusCode(202);
        worker.drain();
        Object[] row = (Object[]) db.single("select source, project, issue_id, title, level, risk, environment, "
                + "sentry_url, status from incident");
        assertEquals("deploys", row[0]);
        assertEquals("shop", row[1]);
        assertEquals("checkout-5xx", row[2]);
        assertEquals("Checkout answers 5xx", row[3]);
        assertEquals("error", row[4]);
        assertEquals("HIGH", row[5]);
        assertEquals("production", row[6]);
        assertEquals("https://grafana.example.com/d/1", row[7]);
        assertEquals("OPEN", row[8]);

        generic("msg_12", now(), "{\"key\":\"checkout-5xx\",\"title\":\"Checkout answers 5xx\",\"project\":\"shop\","
                + "\"status\":\"resolved\"}").statusCode(202);
        worker.drain();
        assertEquals("RESOLVED", db.single("select status from incident"));
    }

    @Test
    void aChangeEventIsRecorded() {
        generic("msg_13", now(), "{\"type\":\"change\",\"title\":\"deploy shop 1.4.3\",\"project\":\"shop\","
                + "\"url\":\"https://ci.example.com/deploys/9\"}").statusCode(202);
        worker.drain();
        Object[] row = (Object[]) db.single("select source, project, title, url from change_event");
        assertEquals("deploys", row[0]);
        assertEquals("shop", row[1]);
        assertEquals("deploy shop 1.4.3", row[2]);
        assertEquals("https://ci.example.com/deploys/9", row[3]);
        assertEquals(0, db.count("select count(*) from incident"));
    }
}
