package dev.sentrytriage.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.WebhookTestBase;
import dev.sentrytriage.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DeliveryWorkerTest extends WebhookTestBase {

    @Inject
    DeliveryClaims claims;

    @Inject
    DeliveryProcessor processor;

    @Test
    void deliveryOfADeadWorkerIsProcessedOnceAfterItsLeaseExpires() throws Exception {
        Webhooks.postFixture("event_alert.triggered").statusCode(202);
        DeliveryClaims.Claim dead = claims.claim(); // a worker claims it, then dies
        assertEquals(1, dead.ids().size());
        assertEquals(0, worker.drain(), "the lease still holds");

        db.update("update delivery set lease_until = now() - interval '1 second'");
        assertEquals(1, worker.drain(), "the sweep takes it over");
        assertTrue(processor.process(dead.ids(), dead.leaseToken()).none(), "the dead worker's late attempt is void");
        assertEquals(0, worker.drain());

        assertEquals(1, db.count("select occurrences from incident"));
        assertEquals(1, db.count("select count(*) from incident_occurrence"));
        assertEquals(2, db.count("select attempts from delivery"));
        assertEquals("DONE", db.single("select status from delivery"));
    }

    @Test
    void oneBadDeliveryDoesNotHoldBackItsBatch() {
        // stored without passing intake's shape check (as an older version might have): it cannot become an incident,
        // and no retry would change that
        db.update("""
                insert into delivery (id, received_at, resource, digest, body, status, next_attempt_at)
                values (gen_random_uuid(), now(), 'issue', sha256('poison'::bytea), convert_to('{"data":{}}', 'UTF8'),
                        'PENDING', now() - interval '1 minute')""");
        db.update("""
                insert into delivery (id, received_at, resource, digest, body, status, next_attempt_at)
                values (gen_random_uuid(), now(), 'issue', sha256('not json'::bytea), convert_to('{"data":', 'UTF8'),
                        'PENDING', now() - interval '1 minute')""");
        Webhooks.postFixture("issue.created").statusCode(202);
        Webhooks.postFixture("event_alert.triggered").statusCode(202);
        Webhooks.postFixture("metric_alert.critical").statusCode(202);

        assertEquals(3, worker.drain(), "the good deliveries of the batch are applied");
        assertEquals(3, db.count("select count(*) from incident"));
        assertEquals(3, db.count("select count(*) from delivery where status = 'DONE'"));
        assertEquals(List.of("cannot be made an incident: body is not JSON",
                "cannot be made an incident: payload has no issue id"),
                db.list("select last_error from delivery where status = 'FAILED' and attempts = 1 order by 1"),
                "failed at once, with the reason");
    }

    @Test
    void aFailureThatCannotBeRecordedDoesNotStopTheRestOfItsClaim() {
        // the incident of one delivery is refused, and so is recording that failure: the others are applied anyway
        db.update("""
                create function h1_test_refuse() returns trigger language plpgsql as $$
                begin raise exception 'refused by a test trigger'; end $$""");
        db.update("""
                create trigger h1_test_poison before insert on incident for each row
                when (new.issue_id = 'poison') execute function h1_test_refuse()""");
        db.update("""
                create trigger h1_test_no_release before update on delivery for each row
                when (old.status = 'PROCESSING' and new.status = 'PENDING') execute function h1_test_refuse()""");
        try {
            ObjectNode poison = SentryFixtures.tree("issue.created");
            ((ObjectNode) poison.at("/data/issue")).put("id", "poison");
            Webhooks.post("issue", SentryFixtures.bytes(poison)).statusCode(202);
            Webhooks.postFixture("issue.created").statusCode(202);
            Webhooks.postFixture("event_alert.triggered").statusCode(202);
            Webhooks.postFixture("metric_alert.critical").statusCode(202);
            db.update("update delivery set next_attempt_at = now() - interval '1 minute' where body like '%poison%'");

            assertEquals(3, worker.drain(), "the others of the claim are applied at once");
        } finally {
            db.update("drop trigger h1_test_no_release on delivery");
            db.update("drop trigger h1_test_poison on incident");
            db.update("drop function h1_test_refuse()");
        }
        assertEquals(3, db.count("select count(*) from delivery where status = 'DONE'"));
        assertEquals(1, db.count("select count(*) from delivery where status = 'PROCESSING'"),
                "the poisoned one waits for its lease to expire, then is retried by itself");
    }

    @Test
    void failedAttemptIsRetriedLaterThenGivenUp() {
        Webhooks.postFixture("issue.created").statusCode(202);
        DeliveryClaims.Claim claim = claims.claim();
        UUID id = claim.ids().get(0);
        claims.release(id, claim.leaseToken(), "IllegalStateException: boom");
        assertEquals("PENDING", db.single("select status from delivery"));
        assertEquals("IllegalStateException: boom", db.single("select last_error from delivery"));
        assertEquals(0, worker.drain(), "not before its backoff");

        for (int attempt = 2; attempt <= 5; attempt++) {
            db.update("update delivery set next_attempt_at = now() - interval '1 second'");
            DeliveryClaims.Claim again = claims.claim();
            claims.release(id, again.leaseToken(), "still failing");
        }
        assertEquals("FAILED", db.single("select status from delivery"));
        assertEquals(5, db.count("select attempts from delivery"));
        db.update("update delivery set next_attempt_at = now() - interval '1 second'");
        assertEquals(0, worker.drain(), "a failed delivery waits for an operator");
    }

    @Test
    void concurrentDeliveriesOfOneIssueMakeOneIncident() throws Exception {
        int count = 200;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> posts = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                ObjectNode event = SentryFixtures.tree("event_alert.triggered");
                ((ObjectNode) event.at("/data/event")).put("event_id", "storm-" + n);
                byte[] body = SentryFixtures.bytes(event);
                posts.add(() -> Webhooks.post("event_alert", body).extract().statusCode());
            }
            for (Future<Integer> answer : pool.invokeAll(posts)) {
                assertEquals(202, answer.get());
            }
            List<Callable<Integer>> drains = List.of(worker::drain, worker::drain, worker::drain, worker::drain);
            int applied = 0;
            for (Future<Integer> drained : pool.invokeAll(drains)) {
                applied += drained.get();
            }
            assertEquals(count, applied);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, db.count("select count(*) from incident"));
        assertEquals(count, db.count("select occurrences from incident"));
        assertEquals(count, db.count("select count(*) from incident_occurrence"));
        assertEquals(count, db.count("select count(*) from delivery where status = 'DONE'"));
        assertEquals("CRITICAL", db.single("select risk from incident"), "100 in an hour needs a permanent fix");
        long messages = db.count("select count(*) from notification");
        assertTrue(messages == 1, "one waiting message for the whole storm, got " + messages);
    }

    @Test
    void aFailureKeepsItsKindAndSqlStateNeverTheDatabasesMessage() {
        SQLException refused = new SQLException(
                "null value in column \"x\" violates not-null constraint Detail: Failing row contains (alice@example.com)",
                "23502");
        String reason = DeliveryWorker.reason(new IllegalStateException("wrapped", refused));
        assertEquals("IllegalStateException caused by SQLException, SQLState 23502", reason);
    }
}
