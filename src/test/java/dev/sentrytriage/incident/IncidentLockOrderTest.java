package dev.sentrytriage.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.TestIncidents;
import dev.sentrytriage.text.LogSafe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A worker batch locks its existing incidents in key order, then inserts its new ones. An incident another transaction
 * created in between lies outside that order: waiting for it while holding the others is how two replicas' batches
 * deadlocked on the same new issues (PostgreSQL's log of the replicas drill: {@code deadlock detected} on the lock of an
 * incident, and batches cancelled by the statement timeout behind them).
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class IncidentLockOrderTest {

    /** How long the other transaction holds the raced incident at most; a batch that waits for it waits this long. */
    private static final long HOLD_SECONDS = 20;

    @Inject
    IncidentService incidents;

    @Test
    void aBatchHoldingIncidentsFailsAtOnceInsteadOfWaitingForOneCreatedMeanwhile() throws Exception {
        String project = project();
        IssueContext held = TestIncidents.issue(project, "error", "Held by the batch", List.of());
        IssueContext raced = TestIncidents.issue(project, "error", "Created by another replica", List.of());
        TestIncidents.occur(held, Instant.now().minus(Duration.ofMinutes(5)));
        CountDownLatch batchDone = new CountDownLatch(1);
        Instant now = Instant.now();

        Exception failure = assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            try {
                incidents.lockAll(List.of(held, raced));
                CompletableFuture<Void> holder = createAndHold(raced, batchDone);
                holder.join(); // created, committed, and now locked by the other transaction
                incidents.createAll(List.of(new IncidentService.Opening(held, now, true),
                        new IncidentService.Opening(raced, now, true)));
                incidents.apply(held, UUID.randomUUID(), now, false, true);
                incidents.apply(raced, UUID.randomUUID(), now, false, true);
            } finally {
                batchDone.countDown();
            }
        }));

        assertTrue(LogSafe.error(failure).contains("SQLState 55P03"),
                "the lock is refused (lock_not_available), not waited for: " + LogSafe.error(failure));
        long heldId = TestIncidents.idOf(held);
        assertEquals(1, TestIncidents.find(heldId).occurrences, "the failed batch changed nothing");
        assertEquals(1, TestIncidents.find(TestIncidents.idOf(raced)).occurrences, "the other replica's occurrence only");
    }

    @Test
    void aBatchHoldingNothingTakesTheIncidentCreatedMeanwhileAsAnExistingOne() {
        String project = project();
        IssueContext raced = TestIncidents.issue(project, "error", "Created while the batch locked", List.of());
        Instant now = Instant.now();

        QuarkusTransaction.requiringNew().run(() -> {
            incidents.lockAll(List.of(raced));
            TestIncidents.occur(raced, now.minusSeconds(1)); // another transaction creates it, and commits
            incidents.createAll(List.of(new IncidentService.Opening(raced, now, true)));
            incidents.apply(raced, UUID.randomUUID(), now, false, true);
        });

        long id = TestIncidents.idOf(raced);
        assertEquals(2, TestIncidents.find(id).occurrences);
        assertEquals(List.of("PENDING"), TestIncidents.statuses(id), "one message: the batch did not open it again");
        assertEquals(List.of("OPENED"), TestIncidents.timeline(id));
    }

    /**
     * Creates the incident in a transaction of its own, then locks it in another one that holds it until
     * {@code release} (or {@link #HOLD_SECONDS}); completes once it is locked.
     */
    private static CompletableFuture<Void> createAndHold(IssueContext ctx, CountDownLatch release) {
        CompletableFuture<Void> locked = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            try {
                long id = TestIncidents.occur(ctx, Instant.now().minusSeconds(1));
                QuarkusTransaction.requiringNew().run(() -> {
                    Incident.findById(id, LockModeType.PESSIMISTIC_WRITE);
                    locked.complete(null);
                    try {
                        release.await(HOLD_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (RuntimeException e) {
                locked.completeExceptionally(e);
            }
        }, "other-replica");
        other.start();
        return locked;
    }

    private static String project() {
        return "locks-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
