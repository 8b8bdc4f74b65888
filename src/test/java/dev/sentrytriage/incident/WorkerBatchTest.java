package dev.sentrytriage.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.StatementCounter;
import dev.sentrytriage.support.TestIncidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A worker batch locks its existing incidents, creates its new ones and reads what the outbox and the reminder
 * schedule keep of them once for the whole batch ({@link IncidentService#lockAll}, {@link IncidentService#createAll},
 * {@link IncidentsLocked}); it must leave what applying its deliveries one at a time would leave, in statements that
 * do not grow with its incidents.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class WorkerBatchTest {

    @Inject
    IncidentService incidents;

    @Inject
    EntityManager em;

    @Test
    void aBatchIntoFortyExistingIncidentsRunsNoMoreStatementsThanOneIntoFive() {
        long five = statementsOfABatchInto(5);
        long forty = statementsOfABatchInto(40);
        assertEquals(five, forty, "statements of a batch into 5 incidents, and into 40");
    }

    /**
     * The occurrences of a batch reach PostgreSQL as multi-row inserts (the driver rewrites a JDBC batch of inserts),
     * not one statement a row; the driver then answers each row's count as unknown, which Hibernate takes as success.
     */
    @Test
    void aBatchOfOccurrencesReachesTheDatabaseAsMultiRowInserts() {
        long incident = TestIncidents.occur(TestIncidents.issue(project(), "error", "Rewritten batch", List.of()),
                Instant.now());
        int[] counts = QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into incident_occurrence (incident_id, occurred_at, delivery_id) values (?, ?, ?)")) {
                for (int i = 0; i < 4; i++) { // the driver groups rows by powers of two
                    ps.setLong(1, incident);
                    ps.setObject(2, OffsetDateTime.now());
                    ps.setObject(3, UUID.randomUUID());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        }));
        assertEquals(Collections.nCopies(4, Statement.SUCCESS_NO_INFO), Arrays.stream(counts).boxed().toList(),
                "a row counted 1 went as a single-row insert");
    }

    @Test
    void aBatchLeavesWhatItsDeliveriesOneAtATimeWouldLeave() {
        String project = project();
        Instant before = Instant.now().minus(Duration.ofMinutes(10));
        IssueContext waiting = TestIncidents.issue(project, "error", "Message still waiting", List.of());
        IssueContext sent = TestIncidents.issue(project, "error", "Message sent", List.of());
        IssueContext unreminded = TestIncidents.issue(project, "error", "Reminder row gone", List.of());
        IssueContext quiet = TestIncidents.issue(project, "warning", "Below the reminders' risk", List.of());
        long waitingId = TestIncidents.occur(waiting, before);
        long sentId = TestIncidents.occur(sent, before);
        long unremindedId = TestIncidents.occur(unreminded, before);
        long quietId = TestIncidents.occur(quiet, before);
        sql("update notification set status = 'SENT' where incident_id = ?1", sentId);
        sql("delete from reminder where incident_id = ?1", unremindedId);
        IssueContext fresh = TestIncidents.issue(project, "error", "New in the batch", List.of());
        IssueContext opened = TestIncidents.issue(project, "error", "Resolved, then seen", List.of());
        IssueContext resolved = opened.toBuilder().event(TriageEvent.RESOLVED).build();
        IssueContext neverSeen = TestIncidents.issue(project, "error", "Resolved, never seen", List.of())
                .toBuilder().event(TriageEvent.RESOLVED).build();

        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> applyBatch(List.of(waiting, waiting, sent, unreminded, quiet, fresh,
                fresh, resolved, opened, neverSeen), now));

        assertEquals(List.of("PENDING"), TestIncidents.statuses(waitingId), "the waiting message shows the update");
        assertEquals(List.of("SENT", "PENDING"), TestIncidents.statuses(sentId), "one edit of the sent message");
        assertEquals(1, reminders(unremindedId), "an open HIGH incident has its reminder row again");
        assertEquals(0, reminders(quietId));
        assertEquals(1, reminders(waitingId));
        long freshId = TestIncidents.idOf(fresh);
        assertEquals(2, TestIncidents.find(freshId).occurrences);
        assertEquals(List.of("PENDING"), TestIncidents.statuses(freshId), "one message for a new incident");
        assertEquals(1, reminders(freshId));
        assertEquals(List.of("OPENED"), TestIncidents.timeline(freshId));
        long openedId = TestIncidents.idOf(opened);
        assertEquals(IncidentStatus.OPEN, TestIncidents.find(openedId).status,
                "a resolve before the incident existed changes nothing; the occurrence after it opens it");
        assertEquals(List.of("OPENED"), TestIncidents.timeline(openedId));
        assertNull(TestIncidents.find(neverSeen), "a resolve of something never seen opens nothing");
    }

    private long statementsOfABatchInto(int count) {
        String project = project();
        List<IssueContext> issues = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            IssueContext issue = TestIncidents.issue(project, "error", "Issue " + i, List.of());
            TestIncidents.occur(issue, Instant.now().minus(Duration.ofMinutes(10)));
            issues.add(issue);
        }
        Instant now = Instant.now();
        return QuarkusTransaction.requiringNew().call(() -> {
            long start = StatementCounter.onThisThread();
            applyBatch(issues, now);
            em.flush();
            return StatementCounter.onThisThread() - start;
        });
    }

    /** What the worker does with a batch: lock, create, then apply in the lock order. */
    private void applyBatch(List<IssueContext> events, Instant at) {
        List<IssueContext> ordered = events.stream().sorted(Comparator.comparing(IssueContext::issueId)).toList();
        incidents.lockAll(ordered);
        incidents.createAll(ordered.stream()
                .map(e -> new IncidentService.Opening(e, at, e.event() != TriageEvent.RESOLVED)).toList());
        for (IssueContext e : ordered) {
            incidents.apply(e, UUID.randomUUID(), at, false, e.event() != TriageEvent.RESOLVED);
        }
    }

    private static String project() {
        return "batch-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static long reminders(long incidentId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Incident.getEntityManager()
                .createNativeQuery("select count(*) from reminder where incident_id = ?1")
                .setParameter(1, incidentId).getSingleResult()).longValue());
    }

    private static void sql(String statement, long incidentId) {
        QuarkusTransaction.requiringNew().run(() -> Incident.getEntityManager().createNativeQuery(statement)
                .setParameter(1, incidentId).executeUpdate());
    }
}
