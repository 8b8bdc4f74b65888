package dev.sentrytriage.retention;

import static dev.sentrytriage.support.Incidents.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.MutableClock;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.TestIncidents;
import dev.sentrytriage.support.Webhooks;
import dev.sentrytriage.worker.DeliveryWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Retention driven by a clock set years before the other tests' data, so each pass here only ever reaches rows this
 * class wrote; the test profile's batch size of 2 makes every pass run several batches.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class RetentionServiceTest {

    @Inject
    RetentionService retention;

    @Inject
    DeliveryWorker worker;

    @Inject
    Database db;

    MutableClock clock;

    @BeforeEach
    void clock() {
        // each test starts a year and more before the one before it: a pass never reaches an earlier test's rows
        clock = new MutableClock(Instant.parse("2010-01-01T00:00:00Z").minus(Duration.ofDays(500L * (counter++))));
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private static int counter;

    @Test
    void dropsBodiesAfter30DaysKeepsTheDigestUntil90ThenForgetsTheDelivery() {
        byte[] body = issueBody();
        String id = Webhooks.post("issue", body).statusCode(202).extract().path("deliveryId");
        String rejected = Webhooks.post("issue", ("not json " + UUID.randomUUID()).getBytes()).statusCode(400)
                .extract().path("deliveryId");
        worker.drain();
        assertEquals("DONE", status(id));

        clock.advance(Duration.ofDays(29));
        retention.run();
        assertNotNull(body(id), "kept for 30 days");
        assertNotNull(body(rejected), "kept for 30 days");

        clock.advance(Duration.ofDays(2));
        RetentionService.Report report = retention.run();
        assertEquals(2, report.bodies());
        assertNull(body(id));
        assertNull(body(rejected));
        api().get("/api/deliveries/{id}", id).then().statusCode(200).body("status", equalTo("DONE"))
                .body("bodyBytes", nullValue());
        api().get("/api/deliveries/{id}/body", id).then().statusCode(410).contentType("application/json")
                .body("error", containsString("dropped by retention"));
        Webhooks.post("issue", body).statusCode(200); // the digest still answers a resend as a duplicate

        clock.advance(Duration.ofDays(60));
        report = retention.run();
        assertEquals(2, report.deliveries());
        assertEquals(0, db.count("select count(*) from delivery where id in (?1, ?2)", UUID.fromString(id),
                UUID.fromString(rejected)));
        Webhooks.post("issue", body).statusCode(202); // forgotten: a new delivery
    }

    @Test
    void neverTouchesDeliveriesStillWaitingOrInProgress() {
        String id = Webhooks.post("issue", issueBody()).statusCode(202).extract().path("deliveryId");
        clock.advance(Duration.ofDays(400));
        retention.run();
        assertEquals("PENDING", status(id));
        assertNotNull(body(id));
        db.update("update delivery set status = 'PROCESSING' where id = ?1", UUID.fromString(id));
        retention.run();
        assertNotNull(body(id));
        db.update("update delivery set status = 'PENDING' where id = ?1", UUID.fromString(id));
        worker.drain();
        assertEquals("DONE", status(id));
    }

    @Test
    void deletesOccurrencesPastTheWeekAndKeepsTheCountsAndTheTotal() {
        IssueContext ctx = TestIncidents.issue("retention", "error", "ValueError: boom", List.of());
        Instant start = clock.instant();
        long incident = TestIncidents.occur(ctx, start);
        for (int i = 1; i <= 4; i++) {
            TestIncidents.occur(ctx, start.plus(Duration.ofDays(i)));
        }
        clock.advance(Duration.ofDays(10).plusHours(1)); // occurrences of days 0, 1 and 2 are past 8 days
        Object counts = api().get("/api/incidents/{id}", incident).then().extract().path("counts");

        RetentionService.Report report = retention.run();

        assertEquals(3, report.occurrences());
        assertEquals(3, report.countedMinutes(), "the minutes counted of the same three, past 8 days as well");
        assertEquals(2, db.count("select count(*) from incident_occurrence where incident_id = ?1", incident));
        assertEquals(2, db.count("select count(*) from incident_occurrence_minute where incident_id = ?1", incident));
        assertEquals(counts, api().get("/api/incidents/{id}", incident).then().statusCode(200)
                .body("occurrences", equalTo(5)).body("counts.lastWeek", equalTo(1)).extract().path("counts"));
    }

    @Test
    void deletesOldFinishedNotificationsButNeverTheOneTheTelegramMessageNeeds() {
        IssueContext ctx = TestIncidents.issue("retention", "error", "ValueError: boom", List.of());
        long incident = TestIncidents.occur(ctx, clock.instant());
        Instant created = clock.instant();
        for (String status : List.of("SENT", "MERGED", "LOGGED", "FAILED", "DEAD", "SENT")) {
            db.update("insert into notification (incident_id, channel, kind, status, created_at, next_attempt_at) "
                    + "values (?1, 'telegram', 'UPDATED', ?2, ?3, ?3)", incident, status, created);
        }
        long edited = db.count("select max(id) from notification where incident_id = ?1", incident);
        db.update("insert into telegram_message (incident_id, chat_id, message_id, notification_id, sent_at, "
                + "last_edit_at) values (?1, '-100', 77, ?2, ?3, ?3)", incident, edited, created);
        long updateId = Math.abs(UUID.randomUUID().getMostSignificantBits());
        db.update("insert into telegram_update (update_id, received_at) values (?1, ?2)", updateId, created);
        long waiting = db.count("select count(*) from notification where incident_id = ?1 and status = 'PENDING'",
                incident);

        clock.advance(Duration.ofDays(89));
        assertEquals(0, retention.run().notifications());

        clock.advance(Duration.ofDays(2));
        RetentionService.Report report = retention.run();

        assertEquals(5, report.notifications());
        assertEquals(1, report.telegramUpdates());
        assertEquals(List.of(edited), db.list("select id from notification where incident_id = ?1 and status = 'SENT'",
                incident).stream().map(n -> ((Number) n).longValue()).toList());
        assertEquals(waiting, db.count("select count(*) from notification where incident_id = ?1 and status = 'PENDING'",
                incident));
        assertEquals(77L, ((Number) db.single("select message_id from telegram_message where incident_id = ?1",
                incident)).longValue());
    }

    private String status(String id) {
        return (String) db.single("select status from delivery where id = ?1", UUID.fromString(id));
    }

    private Object body(String id) {
        return db.single("select body from delivery where id = ?1", UUID.fromString(id));
    }

    private static byte[] issueBody() {
        ObjectNode tree = SentryFixtures.tree("issue.created");
        ObjectNode issue = (ObjectNode) tree.path("data").path("issue");
        issue.put("id", "ret-" + UUID.randomUUID());
        ((ObjectNode) issue.path("project")).put("slug", "retention");
        return SentryFixtures.bytes(tree);
    }
}
