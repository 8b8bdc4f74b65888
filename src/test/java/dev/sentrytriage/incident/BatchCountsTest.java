package dev.sentrytriage.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.TestIncidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A worker batch locks its incidents and counts their occurrences once ({@link IncidentService#lockAll}); the counts
 * it then uses for risk must be what a fresh query would give, for incidents it found and ones it created.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class BatchCountsTest {

    @Inject
    IncidentService incidents;

    @Inject
    OccurrenceCounts counts;

    @Test
    void countsInsideABatchAddTheBatchsOwnOccurrencesToWhatWasStored() {
        String project = "batch-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        IssueContext known = TestIncidents.issue(project, "error", "Known before the batch", List.of());
        IssueContext fresh = TestIncidents.issue(project, "error", "New in the batch", List.of());
        IssueContext critical = TestIncidents.issue(project, "fatal", "Critical, not counted ahead", List.of());
        long criticalId = TestIncidents.occur(critical, now.minus(Duration.ofMinutes(1)));
        long knownId = TestIncidents.occur(known, now.minus(Duration.ofHours(2)));
        TestIncidents.occur(known, now.minus(Duration.ofMinutes(5)));

        long[] ids = QuarkusTransaction.requiringNew().call(() -> {
            incidents.lockAll(List.of(known, fresh, critical));
            Incident k = null;
            Incident f = null;
            for (int i = 0; i < 3; i++) {
                k = incidents.apply(known, UUID.randomUUID(), now);
                f = incidents.apply(fresh, UUID.randomUUID(), now);
                incidents.apply(critical, UUID.randomUUID(), now);
            }
            // counted when first asked for, with what the batch recorded up to then, and added to after that
            assertEquals(new Recurrence(4, 4, 4), incidents.recurrence(criticalId, now));
            incidents.apply(critical, UUID.randomUUID(), now);
            assertEquals(new Recurrence(5, 5, 5), incidents.recurrence(criticalId, now));
            assertNotNull(f);
            // inside the batch: 1 in the hour and 2 in the day stored before it, plus the batch's 3
            assertEquals(new Recurrence(4, 5, 5), incidents.recurrence(k.id, now));
            assertEquals(new Recurrence(3, 3, 3), incidents.recurrence(f.id, now));
            return new long[] { k.id, f.id };
        });

        assertEquals(knownId, ids[0]);
        assertEquals(new Recurrence(4, 5, 5), counts.of(ids[0], now), "a fresh query agrees");
        assertEquals(new Recurrence(3, 3, 3), counts.of(ids[1], now), "a fresh query agrees");
        assertEquals(5, TestIncidents.find(ids[0]).occurrences);
    }
}
