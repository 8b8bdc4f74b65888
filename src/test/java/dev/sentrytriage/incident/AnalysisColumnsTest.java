package dev.sentrytriage.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.TestIncidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A claimed analysis carries the incident's stored context as the entity reads it; a context that can no longer be
 * read is left out (the analysis works from the title) instead of failing the claim every time.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class AnalysisColumnsTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Instant DUE = NOW.plus(Duration.ofDays(1));

    @Inject
    AnalysisColumns columns;

    @Inject
    Database db;

    @BeforeEach
    void setUp() {
        db.reset(); // the claim takes the riskiest due incident of all
    }

    @Test
    void claimsTheDueIncidentWithItsContextTyped() {
        IssueContext context = TestIncidents.issue("columns", "error", "Typed context", List.of()).toBuilder()
                .firstSeen(NOW.minus(Duration.ofDays(2))).count(41L).build();
        long id = dueOnlyForTheTest(TestIncidents.occur(context, NOW));

        AnalysisColumns.Due due = claim();

        assertEquals(id, due.incidentId());
        assertEquals("Typed context", due.title());
        assertEquals(1, due.attempts());
        assertNotNull(due.dueAt());
        assertEquals(TestIncidents.find(id).context, due.context(), "as the entity reads its jsonb");
        assertEquals(NOW.minus(Duration.ofDays(2)), due.context().firstSeen());
        assertEquals(List.of(new Tag("environment", "production")), due.context().tags());
    }

    @Test
    void leavesOutAContextThatCannotBeRead() {
        long id = dueOnlyForTheTest(
                TestIncidents.occur(TestIncidents.issue("columns", "error", "Unreadable context", List.of()), NOW));
        db.update("update incident set context = cast(?2 as jsonb) where id = ?1", id, "{\"frames\": \"not a list\"}");

        AnalysisColumns.Due due = claim();

        assertEquals(id, due.incidentId());
        assertNull(due.context());
        assertEquals("Unreadable context", due.title());
    }

    @Test
    void claimsAtMostTheLimitRiskiestFirstAndEachOnce() {
        long medium = dueOnlyForTheTest(
                TestIncidents.occur(TestIncidents.issue("columns", "warning", "Medium", List.of()), NOW));
        long critical = dueOnlyForTheTest(
                TestIncidents.occur(TestIncidents.issue("columns", "fatal", "Critical", List.of()), NOW));
        long high = dueOnlyForTheTest(
                TestIncidents.occur(TestIncidents.issue("columns", "error", "High", List.of()), NOW));

        List<Long> first = claim(2).stream().map(AnalysisColumns.Due::incidentId).sorted().toList();
        List<Long> second = claim(2).stream().map(AnalysisColumns.Due::incidentId).toList();

        assertEquals(List.of(critical, high).stream().sorted().toList(), first);
        assertEquals(List.of(medium), second);
        assertEquals(List.of(), claim(2), "all three are leased");
    }

    /**
     * Makes the incident's analysis due a day from now, not yet claimed: the service's own analysis worker (real clock)
     * leaves it alone, even if it claimed or analysed it as soon as it was stored, and only this test's claim (a day
     * ahead) takes it.
     */
    private long dueOnlyForTheTest(long id) {
        db.update("""
                update incident set analysis_due_at = ?2, analysis_attempts = 0, analysis_lease_token = null,
                                    analysis_lease_until = null
                where id = ?1""", id, Timestamp.from(DUE));
        return id;
    }

    private AnalysisColumns.Due claim() {
        return claim(1).get(0);
    }

    private List<AnalysisColumns.Due> claim(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> columns.claim(DUE.plus(Duration.ofSeconds(1)),
                UUID.randomUUID(), DUE.plus(Duration.ofMinutes(1)), limit));
    }
}
