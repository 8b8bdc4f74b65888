package dev.sentrytriage.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.TestIncidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The heuristics' analyses of one claim are stored in one transaction, which writes several incidents: it takes them
 * in the order a worker batch locks its keys, so a batch holding some of them and waiting for another never closes a
 * cycle with it (PostgreSQL would cancel one of the two as a deadlock).
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class AnalysisStoreLockOrderTest {

    @Inject
    AnalysisClaims claims;

    @Inject
    Database db;

    @Test
    void aStoreOfSeveralAnalysesTakesItsIncidentsInTheWorkersKeyOrder() throws Exception {
        String project = "store-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<IssueContext> issues = List.of(
                TestIncidents.issue(project, "error", "One", List.of()),
                TestIncidents.issue(project, "error", "Two", List.of())).stream()
                .sorted(Comparator.comparing(IssueContext::issueId)).toList(); // the batch's order in one project
        long first = TestIncidents.occur(issues.get(0), now);
        long second = TestIncidents.occur(issues.get(1), now);
        AnalysisClaims.Claim firstClaim = leased(first, now);
        AnalysisClaims.Claim secondClaim = leased(second, now);

        // a worker batch holds the first incident, and once the store waits, it takes the second one too
        CompletableFuture<Void> holding = new CompletableFuture<>();
        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            Incident.findById(first, LockModeType.PESSIMISTIC_WRITE);
            holding.complete(null);
            awaitAWaiter();
            Incident.findById(second, LockModeType.PESSIMISTIC_WRITE);
        }));
        holding.get(30, TimeUnit.SECONDS);

        Analysis analysis = Analysis.of("Cause", "Impact", "Fix", "Prevention", 0.4, "heuristic");
        int stored = claims.storeAll(List.of(secondClaim, firstClaim), List.of(analysis, analysis)); // claim order

        assertNull(batch.handle((ok, e) -> e).get(30, TimeUnit.SECONDS), "the batch was not cancelled as a deadlock");
        assertEquals(2, stored);
        assertEquals("Cause", TestIncidents.find(first).rootCause);
        assertEquals("Cause", TestIncidents.find(second).rootCause);
    }

    /** The incident's analysis, leased to the test (as a claim would), due a minute ago. */
    private AnalysisClaims.Claim leased(long incidentId, Instant now) {
        UUID token = UUID.randomUUID();
        Instant due = now.minus(Duration.ofMinutes(1));
        db.update("""
                update incident set analysis_due_at = ?2, analysis_lease_token = ?3, analysis_lease_until = ?4,
                                    analysis_attempts = 1
                where id = ?1""", incidentId, Timestamp.from(due), token, Timestamp.from(now.plusSeconds(600)));
        return new AnalysisClaims.Claim(incidentId, token, due, 1, null, "title", null, null);
    }

    /** Until some transaction waits for a row lock (the store, behind the batch), or ten seconds. */
    private void awaitAWaiter() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && QuarkusTransaction.requiringNew().call(() -> db.count(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock'")) == 0) {
            Thread.onSpinWait();
        }
    }
}
