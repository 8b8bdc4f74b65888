package dev.sentrytriage.source.foundries;

import static dev.sentrytriage.support.SourceWebhooks.fixture;
import static dev.sentrytriage.support.SourceWebhooks.foundries;
import static dev.sentrytriage.support.SourceWebhooks.foundriesSignature;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sentrytriage.support.SourceWebhooks;
import dev.sentrytriage.support.WebhookTestBase;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class FoundriesWebhookTest extends WebhookTestBase {

    static final byte[] FAILED = fixture("foundries", "build-failed-detailed.json");
    static final byte[] PASSED = fixture("foundries", "build-passed.json");

    @Test
    void acceptsTheSendersOwnSignatureVectorsSignedWithThePreviousSecret() {
        // the vectors are signed with the documented secret, the second of the test profile's two: rotation
        for (JsonNode v : SourceWebhooks.vectors("foundries", "signature-vectors.json")) {
            byte[] body = fixture("foundries", v.path("file").asText());
            foundries(body, v.path("X-JobServ-Sig").asText()).statusCode(202).body("status", equalTo("accepted"));
        }
        assertEquals(2, db.count("select count(*) from delivery where source = 'foundries' and status = 'PENDING'"));
    }

    @Test
    void acceptsTheCurrentSecret() {
        foundries(FAILED).statusCode(202).body("status", equalTo("accepted"));
    }

    @Test
    void refusesAWrongOrMissingSignatureWithoutDetailAndStoresNothing() {
        foundries(FAILED, foundriesSignature("not-the-secret", FAILED)).statusCode(401)
                .body("error", equalTo("invalid signature"));
        foundries(FAILED, null).statusCode(401).body("error", equalTo("invalid signature"));
        String hexOnly = foundriesSignature(SourceWebhooks.FOUNDRIES_SECRET, FAILED).substring("sha256:".length());
        foundries(FAILED, hexOnly).statusCode(401);
        byte[] tampered = FAILED.clone();
        tampered[tampered.length / 2] ^= 1;
        foundries(tampered, foundriesSignature(SourceWebhooks.FOUNDRIES_SECRET, FAILED)).statusCode(401);
        assertEquals(0, db.count("select count(*) from delivery"));
    }

    @Test
    void theSameBuildTwiceIsADuplicate() {
        foundries(FAILED).statusCode(202);
        foundries(FAILED).statusCode(200).body("status", equalTo("duplicate"));
        assertEquals(1, db.count("select count(*) from delivery"));
    }

    @Test
    void badBodiesAre400AndStoredAsRejected() {
        for (String body : new String[] { "not json", "[1,2]", "{\"build_id\": 1, \"status\": \"FAILED\"}" }) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            foundries(bytes, foundriesSignature(SourceWebhooks.FOUNDRIES_SECRET, bytes)).statusCode(400)
                    .body("status", equalTo("invalid"));
        }
        assertEquals(3, db.count("select count(*) from delivery where source = 'foundries' and status = 'REJECTED'"));
    }

    @Test
    void runningBuildsAreStoredAndIgnored() {
        byte[] running = new String(PASSED, StandardCharsets.UTF_8).replace("\"status\": \"PASSED\", \"runs\"",
                "\"status\": \"RUNNING\", \"runs\"").getBytes(StandardCharsets.UTF_8);
        foundries(running).statusCode(202).body("status", equalTo("ignored"));
    }

    @Test
    void aFailedBuildOpensAnIncidentPerProjectAndTriggerAndAPassedBuildResolvesIt() {
        foundries(FAILED).statusCode(202);
        worker.drain();
        Object[] incident = (Object[]) db.single("select id, project, issue_id, title, culprit, level, status, "
                + "sentry_url, context, risk from incident where source = 'foundries'");
        assertEquals("andy-corp/lmp", incident[1]);
        assertEquals("containers-devel", incident[2]);
        assertEquals("containers-devel build 67 failed", incident[3]);
        assertEquals("failed runs: build-armhf", incident[4]);
        assertEquals("error", incident[5]);
        assertEquals("OPEN", incident[6]);
        assertEquals("https://ci.foundries.io/projects/andy-corp/lmp/builds/67", incident[7]);
        assertTrue(((String) incident[8]).contains(
                "https://api.foundries.io/projects/andy-corp/lmp/builds/67/runs/build-armhf/console.log"),
                "the failed run's log_url is kept");
        assertEquals("HIGH", incident[9]);
        assertEquals(db.single("select id from incident"), db.single("select incident_id from delivery"));

        foundries(PASSED).statusCode(202);
        worker.drain();
        assertEquals("RESOLVED", db.single("select status from incident"));
        assertEquals("foundries", db.single("select status_changed_by from incident"));

        // a failure after that is a regression of the same incident
        byte[] again = new String(FAILED, StandardCharsets.UTF_8).replace("\"build_id\": 67", "\"build_id\": 68")
                .getBytes(StandardCharsets.UTF_8);
        foundries(again).statusCode(202);
        worker.drain();
        assertEquals(1, db.count("select count(*) from incident"));
        assertEquals("OPEN", db.single("select status from incident"));
        assertEquals(1, ((Number) db.single("select regressions from incident")).intValue());
    }

    @Test
    void aPassedBuildOfATriggerThatNeverFailedOpensNothing() {
        foundries(PASSED).statusCode(202);
        worker.drain();
        assertEquals(0, db.count("select count(*) from incident"));
        assertEquals("DONE", db.single("select status from delivery"));
    }

    @Test
    void aPromotedBuildResolvesAndIsAChangeOfTheProject() {
        foundries(FAILED).statusCode(202);
        worker.drain();
        byte[] promoted = new String(PASSED, StandardCharsets.UTF_8).replace("\"status\": \"PASSED\", \"runs\"",
                "\"status\": \"PROMOTED\", \"runs\"").getBytes(StandardCharsets.UTF_8);
        foundries(promoted).statusCode(202);
        worker.drain();
        assertEquals("RESOLVED", db.single("select status from incident"));
        Object[] change = (Object[]) db.single("select source, project, title, url from change_event");
        assertEquals("foundries", change[0]);
        assertEquals("andy-corp/lmp", change[1]);
        assertEquals("build 67 of containers-devel promoted", change[2]);
        assertEquals("https://ci.foundries.io/projects/andy-corp/lmp/builds/67", change[3]);
    }
}
