package dev.sentrytriage.source.alertmanager;

import static dev.sentrytriage.support.SourceWebhooks.alertmanager;
import static dev.sentrytriage.support.SourceWebhooks.fixture;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.SourceWebhooks;
import dev.sentrytriage.support.WebhookTestBase;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AlertmanagerWebhookTest extends WebhookTestBase {

    static final byte[] FIRING = fixture("alertmanager", "firing.json");
    static final byte[] FIRING_TWO = fixture("alertmanager", "firing-two.json");
    static final byte[] RESOLVED = fixture("alertmanager", "resolved.json");

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsBearerAndBasicCredentialsAndThePreviousToken() {
        alertmanager(FIRING, "Bearer " + SourceWebhooks.ALERTMANAGER_TOKEN).statusCode(202)
                .body("status", equalTo("accepted"));
        alertmanager(FIRING_TWO, basic("alertmanager", SourceWebhooks.ALERTMANAGER_TOKEN)).statusCode(202);
        alertmanager(RESOLVED, "Bearer " + SourceWebhooks.ALERTMANAGER_PREVIOUS_TOKEN).statusCode(202);
        assertEquals(3, db.count("select count(*) from delivery where source = 'alertmanager'"));
    }

    @Test
    void refusesWrongOrMissingCredentials() {
        alertmanager(FIRING, "Bearer wrong").statusCode(401).body("error", equalTo("invalid signature"));
        alertmanager(FIRING, null).statusCode(401);
        alertmanager(FIRING, basic(SourceWebhooks.ALERTMANAGER_TOKEN, "wrong")).statusCode(401);
        alertmanager(FIRING, SourceWebhooks.ALERTMANAGER_TOKEN).statusCode(401);
        alertmanager(FIRING, "Bearer " + SourceWebhooks.ALERTMANAGER_TOKEN + "x").statusCode(401);
        assertEquals(0, db.count("select count(*) from delivery"));
    }

    @Test
    void theSameBodyTwiceIsADuplicate() {
        alertmanager(FIRING).statusCode(202);
        alertmanager(FIRING).statusCode(200).body("status", equalTo("duplicate"));
    }

    @Test
    void badBodiesAre400AndStoredAsRejected() {
        alertmanager("{\"status\":\"firing\"}".getBytes(StandardCharsets.UTF_8)).statusCode(400)
                .body("error", equalTo("payload has no alerts array"));
        alertmanager("firing".getBytes(StandardCharsets.UTF_8)).statusCode(400);
        assertEquals(2, db.count("select count(*) from delivery where status = 'REJECTED'"));
    }

    @Test
    void aDeliveryTheDatabaseRefusesIsKeptAsRejectedUnderItsOwnSource() {
        // a refusal the cleaning cannot foresee: the bare row kept for the record must say who sent it
        db.update("alter table delivery add constraint am_test_refuses_firing check (action is distinct from 'firing')");
        try {
            alertmanager(FIRING).statusCode(400);
        } finally {
            db.update("alter table delivery drop constraint am_test_refuses_firing");
        }
        assertEquals(1, db.count("select count(*) from delivery where status = 'REJECTED' and source = 'alertmanager'"
                + " and last_error like 'delivery refused by the database as sent%'"));
    }

    @Test
    void oneIncidentPerAlertOfAGroupWithSeverityTitleProjectAndLink() {
        alertmanager(FIRING_TWO).statusCode(202);
        worker.drain();
        assertEquals(2, db.count("select count(*) from incident where source = 'alertmanager'"));
        Object[] probe = (Object[]) db.single("select title, level, risk, project, sentry_url, culprit from incident "
                + "where issue_id = '1a30ba71cca2921f'");
        assertEquals("ProbeFailure: BlackBox Probe Failure: https://server.example.org", probe[0]);
        assertEquals("fatal", probe[1]);
        assertEquals("CRITICAL", probe[2]);
        assertEquals("http_checks", probe[3], "no service label: the job is the project");
        assertEquals("http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1", probe[4]);
        assertEquals("https://server.example.org", probe[5]);
        Object[] disk = (Object[]) db.single("select level, risk, project from incident "
                + "where issue_id = '9c1a7e21b0d4f3aa'");
        assertEquals("warning", disk[0]);
        assertEquals("MEDIUM", disk[1]);
        assertEquals("node", disk[2]);
        assertEquals(2, db.count("select count(*) from incident_occurrence"));
    }

    @Test
    void aResendOfAnAlertStillFiringIsNotANewOccurrence() {
        alertmanager(FIRING).statusCode(202);
        alertmanager(FIRING_TWO).statusCode(202); // repeat_interval: the same ProbeFailure (fingerprint, startsAt)
        worker.drain();
        assertEquals(1, ((Number) db.single("select occurrences from incident where issue_id = '1a30ba71cca2921f'"))
                .longValue());
        assertEquals(2, db.count("select count(*) from incident_occurrence"));
    }

    @Test
    void resolvedResolvesAndAResolveOfAnUnknownAlertOpensNothing() {
        alertmanager(RESOLVED).statusCode(202);
        worker.drain();
        assertEquals(0, db.count("select count(*) from incident"));

        alertmanager(FIRING).statusCode(202);
        worker.drain();
        db.update("update delivery set digest = sha256(digest)"); // the same resolved body may come again
        alertmanager(RESOLVED).statusCode(202);
        worker.drain();
        assertEquals("RESOLVED", db.single("select status from incident"));
        assertEquals("alertmanager", db.single("select status_changed_by from incident"));
    }

    @Test
    void severityMapping() {
        assertEquals("fatal", AlertmanagerSource.level("critical"));
        assertEquals("error", AlertmanagerSource.level("error"));
        assertEquals("error", AlertmanagerSource.level("HIGH"));
        assertEquals("warning", AlertmanagerSource.level("warning"));
        assertEquals("info", AlertmanagerSource.level("info"));
        assertEquals("info", AlertmanagerSource.level("none"));
        assertEquals("warning", AlertmanagerSource.level(null));
    }
}
