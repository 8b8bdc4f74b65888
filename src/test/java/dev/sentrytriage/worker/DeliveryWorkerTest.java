package dev.sentrytriage.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.WebhookTestBase;
import dev.sentrytriage.support.Webhooks;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DeliveryWorkerTest extends WebhookTestBase {

    @Inject
    DeliveryClaims claims;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aDeliveryAnotherWorkerHoldsIsSkippedAndTakenAtOnceWhenThatWorkerIsGone() throws Exception {
        Webhooks.postFixture("event_alert.triggered").statusCode(202);
        try (Connection other = dataSource.getConnection()) { // another worker's transaction, which then dies
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.execute("select id from delivery for update");
            }
            assertEquals(0, worker.drain(), "claimed by the other worker");
            assertEquals("PENDING", db.single("select status from delivery"));
        } // closed without a commit, as a crash ends its connection: no lease to wait for
        assertEquals(1, worker.drain());
        assertEquals(0, worker.drain());

        assertEquals(1, db.count("select occurrences from incident"));
        assertEquals(1, db.count("select count(*) from incident_occurrence"));
        assertEquals(1, db.count("select attempts from delivery"));
        assertEquals("DONE", db.single("select status from delivery"));
    }

    @Test
    void aClaimLeftByAnEarlierReleaseIsTakenOverOnceItsLeaseExpires() {
        Webhooks.postFixture("event_alert.triggered").statusCode(202);
        // an earlier release claimed in a transaction of its own: PROCESSING under a lease, then it died
        db.update("""
                update delivery set status = 'PROCESSING', attempts = 1, lease_token = gen_random_uuid(),
                                    lease_until = now() + interval '1 minute'""");
        assertEquals(0, worker.drain(), "the lease still holds");

        db.update("update delivery set lease_until = now() - interval '1 second'");
        assertEquals(1, worker.drain(), "taken over");
        assertEquals(0, worker.drain());
        assertEquals(1, db.count("select count(*) from incident_occurrence"));
        assertEquals(2, db.count("select attempts from delivery"));
        assertEquals("DONE", db.single("select status from delivery"));
        assertEquals(0, db.count("select count(*) from delivery where lease_token is not null or lease_until is not null"));
    }

    @Test
    void claimingWritesNothingADeliveryIsWrittenOnceWhenItIsDoneInTheTransactionThatAppliesIt() {
        db.update("create table h1_test_delivery_writes (status text, tx bigint)");
        db.update("""
                create function h1_test_log_write() returns trigger language plpgsql as $$
                begin insert into h1_test_delivery_writes values (new.status, txid_current()); return new; end $$""");
        db.update("""
                create trigger h1_test_log_write before update on delivery for each row
                execute function h1_test_log_write()""");
        try {
            Webhooks.postFixture("issue.created").statusCode(202);
            Webhooks.postFixture("event_alert.triggered").statusCode(202);
            Webhooks.postFixture("metric_alert.critical").statusCode(202);

            assertEquals(3, worker.drain());
            assertEquals(List.of("DONE", "DONE", "DONE"),
                    db.list("select status from h1_test_delivery_writes order by 1"),
                    "one write each, from pending to done (a claim of its own would be a second)");
            assertEquals(1, db.count("""
                    select count(distinct tx) from h1_test_delivery_writes
                    where tx in (select xmin::text::bigint from incident_occurrence)"""),
                    "in the transaction that recorded their occurrences");
        } finally {
            db.update("drop trigger h1_test_log_write on delivery");
            db.update("drop function h1_test_log_write()");
            db.update("drop table h1_test_delivery_writes");
        }
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
    @Timeout(60) // without the hold-back, the drain would claim the poisoned one again for ever
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
                when (new.status = 'PENDING' and new.attempts > old.attempts) execute function h1_test_refuse()""");
        try {
            ObjectNode poison = SentryFixtures.tree("issue.created");
            ((ObjectNode) poison.at("/data/issue")).put("id", "poison");
            Webhooks.post("issue", SentryFixtures.bytes(poison)).statusCode(202);
            Webhooks.postFixture("issue.created").statusCode(202);
            Webhooks.postFixture("event_alert.triggered").statusCode(202);
            Webhooks.postFixture("metric_alert.critical").statusCode(202);
            db.update("update delivery set next_attempt_at = now() - interval '1 minute' where body like '%poison%'");

            assertEquals(3, worker.drain(), "the others of the claim are applied at once");
            Webhooks.postFixture("issue.resolved").statusCode(202);
            assertEquals(1, worker.drain(), "the poisoned one is held back from the next claims, not retried in each");
        } finally {
            db.update("drop trigger h1_test_no_release on delivery");
            db.update("drop trigger h1_test_poison on incident");
            db.update("drop function h1_test_refuse()");
        }
        assertEquals(4, db.count("select count(*) from delivery where status = 'DONE'"));
        assertEquals(0L, db.count("select attempts from delivery where status = 'PENDING'"),
                "the poisoned one is still to be applied, retried after a lease by itself");
    }

    @Test
    void failedAttemptIsRetriedLaterThenGivenUp() {
        Webhooks.postFixture("issue.created").statusCode(202);
        UUID id = UUID.fromString(db.single("select id from delivery").toString());
        claims.release(id, "IllegalStateException: boom");
        assertEquals("PENDING", db.single("select status from delivery"));
        assertEquals("IllegalStateException: boom", db.single("select last_error from delivery"));
        assertEquals(0, worker.drain(), "not before its backoff");

        for (int attempt = 2; attempt <= 5; attempt++) {
            db.update("update delivery set next_attempt_at = now() - interval '1 second'");
            claims.release(id, "still failing");
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
                byte[] body = eventBody("storm-" + n);
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
    @Timeout(60)
    void afterABatchThatEmptiedTheInboxAWorkerThreadGathersWhatArrivesMeanwhileIntoOneBatch() throws Exception {
        Duration gather = Duration.ofSeconds(3);
        postEvent("gather-0");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            Future<Integer> pass = pool.submit(() -> worker.drain(gather));
            awaitFirstDone();
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(gather.dividedBy(2)) < 0,
                    "a delivery into an idle inbox is claimed at once, not after the gather");
            for (int n = 1; n <= 3; n++) {
                postEvent("gather-" + n); // while the thread gathers
            }
            assertEquals(4, pass.get(), "the pass took what arrived while it gathered");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4, db.count("select count(*) from delivery where status = 'DONE'"));
        assertEquals(2, db.count("select count(distinct xmin::text) from delivery"),
                "the first delivery in a batch of its own, the three that arrived meanwhile in one batch");
    }

    @Test
    @Timeout(30)
    void aWorkerThreadThatIsGatheringStopsAtOnceWhenInterruptedAndLeavesTheRestPending() throws Exception {
        postEvent("gather-stop-0");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> pass = pool.submit(() -> worker.drain(Duration.ofMinutes(10)));
            awaitFirstDone();
            postEvent("gather-stop-1"); // while the thread gathers
            pool.shutdownNow(); // interrupts the pass, as the worker's stop does
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "the pass ended instead of gathering on");
            assertEquals(1, pass.get(), "nothing claimed after the interrupt");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, db.count("select count(*) from delivery where status = 'PENDING'"), "left for the next pass");
    }

    /** The real event_alert fixture as another event of the same issue. */
    private static byte[] eventBody(String eventId) {
        ObjectNode event = SentryFixtures.tree("event_alert.triggered");
        ((ObjectNode) event.at("/data/event")).put("event_id", eventId);
        return SentryFixtures.bytes(event);
    }

    private static void postEvent(String eventId) {
        Webhooks.post("event_alert", eventBody(eventId)).statusCode(202);
    }

    private void awaitFirstDone() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> db.count("select count(*) from delivery where status = 'DONE'") > 0);
    }

    @Test
    void onlyAFailureTheDatabaseRefusedIsHeldBackNotOneThatMetTheDatabaseAway() {
        assertTrue(DeliveryWorker.refusedByTheDatabase(
                new IllegalStateException(new SQLException("refused by a test trigger", "P0001"))));
        assertTrue(DeliveryWorker.refusedByTheDatabase(new SQLException("check", "23514")));
        assertFalse(DeliveryWorker.refusedByTheDatabase(
                new IllegalStateException(new SQLException("connection refused", "08001"))), "database away");
        assertFalse(DeliveryWorker.refusedByTheDatabase(new SQLException("terminating connection", "57P01")),
                "database shutting down");
        assertFalse(DeliveryWorker.refusedByTheDatabase(new SQLException("Acquisition timeout")), "pool timeout");
        assertFalse(DeliveryWorker.refusedByTheDatabase(new IllegalStateException("no SQL at all")));
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
