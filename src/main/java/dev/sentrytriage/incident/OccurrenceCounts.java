package dev.sentrytriage.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.query.NativeQuery;

/**
 * The one recurrence query: occurrences of incidents in the hour, day and week before a moment, for the risk policy,
 * the messages, the board and the API. Runs in the caller's transaction.
 */
@ApplicationScoped
public class OccurrenceCounts {

    private static final String COUNTS = """
            select incident_id, count(*) filter (where occurred_at > ?2), count(*) filter (where occurred_at > ?3),
                   count(*)
            from incident_occurrence where incident_id in (?1) and occurred_at > ?4
            group by incident_id""";
    private static final Recurrence NONE = new Recurrence(0, 0, 0);

    private final EntityManager em;

    public OccurrenceCounts(EntityManager em) {
        this.em = em;
    }

    /** Occurrences of one incident in the hour, day and week before {@code now}. */
    public Recurrence of(long incidentId, Instant now) {
        return of(List.of(incidentId), now).getOrDefault(incidentId, NONE);
    }

    /** Occurrences of each incident in the hour, day and week before {@code now}; absent ids had none. */
    @SuppressWarnings("unchecked")
    public Map<Long, Recurrence> of(List<Long> ids, Instant now) {
        Map<Long, Recurrence> counts = new HashMap<>();
        if (ids.isEmpty()) {
            return counts;
        }
        // reads only incident_occurrence: running it flushes the occurrences not yet written, and not the whole
        // session (a dirty incident is written once, at commit, not before every count)
        List<Object[]> rows = em.createNativeQuery(COUNTS).unwrap(NativeQuery.class)
                .addSynchronizedQuerySpace("incident_occurrence")
                .setParameter(1, ids)
                .setParameter(2, now.minus(Duration.ofHours(1)))
                .setParameter(3, now.minus(Duration.ofDays(1)))
                .setParameter(4, now.minus(Duration.ofDays(7)))
                .getResultList();
        for (Object[] row : rows) {
            counts.put(((Number) row[0]).longValue(), new Recurrence(((Number) row[1]).longValue(),
                    ((Number) row[2]).longValue(), ((Number) row[3]).longValue()));
        }
        return counts;
    }
}
