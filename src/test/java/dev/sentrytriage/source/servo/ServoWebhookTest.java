package dev.sentrytriage.source.servo;

import static dev.sentrytriage.support.SourceWebhooks.fixture;
import static dev.sentrytriage.support.SourceWebhooks.servo;
import static dev.sentrytriage.support.SourceWebhooks.servoSignature;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sentrytriage.support.SourceWebhooks;
import dev.sentrytriage.support.WebhookTestBase;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServoWebhookTest extends WebhookTestBase {

    static final byte[] AFTER_ADJUST = fixture("servo", "after-adjust.json");
    static final byte[] BEFORE_MEASURE = fixture("servo", "before-measure.json");

    @Test
    void acceptsTheSendersOwnVectorsWithThePreviousSecret() {
        for (JsonNode v : SourceWebhooks.vectors("servo", "signature-vectors.json")) {
            servo(fixture("servo", v.path("file").asText()), v.path("X-Servo-Signature").asText()).statusCode(202);
        }
        assertEquals(2, db.count("select count(*) from delivery where source = 'servo'"));
    }

    @Test
    void answersABeforeEventWithNothingServoReadsAsACancellation() {
        servo(BEFORE_MEASURE).statusCode(202)
                .contentType(startsWith("application/json"))
                .contentType(not(startsWith("application/vnd.opsani.servo.errors")))
                .body("status", equalTo("accepted"));
    }

    @Test
    void refusesAWrongOrMissingSignature() {
        servo(AFTER_ADJUST, servoSignature("wrong", AFTER_ADJUST)).statusCode(401);
        servo(AFTER_ADJUST, null).statusCode(401);
        assertEquals(0, db.count("select count(*) from delivery"));
    }

    @Test
    void theSameEventTwiceIsADuplicate() {
        servo(AFTER_ADJUST).statusCode(202);
        servo(AFTER_ADJUST).statusCode(200).body("status", equalTo("duplicate"));
    }

    @Test
    void badBodiesAre400AndStoredAsRejected() {
        byte[] noEvent = "{\"created_at\": \"2021-03-04T10:11:12\"}".getBytes(StandardCharsets.UTF_8);
        servo(noEvent, servoSignature(SourceWebhooks.SERVO_SECRET, noEvent)).statusCode(400)
                .body("error", equalTo("payload has no event"));
        assertEquals("REJECTED", db.single("select status from delivery"));
    }

    @Test
    void everyEventIsAChangeAndConfiguredEventsOpenIncidents() {
        servo(AFTER_ADJUST).statusCode(202);
        servo(BEFORE_MEASURE).statusCode(202);
        worker.drain();
        assertEquals(2, db.count("select count(*) from change_event where source = 'servo' and project = 'servo'"));
        assertEquals("servo servo: after:adjust (kubernetes)",
                db.single("select title from change_event where title like '%adjust%'"));
        // test profile: after:adjust=warning, before:*=info
        assertEquals("warning", db.single("select level from incident where issue_id = 'after:adjust'"));
        assertEquals("info", db.single("select level from incident where issue_id = 'before:measure'"));
        assertEquals(2, db.count("select count(*) from incident where source = 'servo' and project = 'servo'"));
    }

    @Test
    void globsMatchEventNames() {
        ServoSource source = new ServoSource(java.util.List.of("s"), "servo",
                java.util.Optional.of(java.util.List.of("after:adjust=warning", "before:*=info")), null);
        assertEquals("warning", source.levelOf("after:adjust"));
        assertEquals("info", source.levelOf("before:measure"));
        assertEquals(null, source.levelOf("after:measure"));
        assertEquals(null, source.levelOf("xbefore:measure"));
    }
}
