package dev.sentrytriage.incident;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Removes old rows of {@code incident_occurrence}, which this package owns ({@link IncidentService} inserts them,
 * {@link OccurrenceCounts} counts them), and of the per-minute counts kept from them; called by retention. An incident
 * keeps its total in {@code occurrences}.
 */
@ApplicationScoped
public class Occurrences {

    // occurrences are only ever inserted, so their ctid is stable between the subselect and the delete
    private static final String DELETE_BEFORE = """
            delete from incident_occurrence
            where ctid = any (array(select ctid from incident_occurrence where occurred_at < ?1 limit ?2))""";

    private static final String DELETE_MINUTES_BEFORE = """
            delete from incident_occurrence_minute
            where (incident_id, minute) in (select incident_id, minute from incident_occurrence_minute
                                            where minute < ?1 limit ?2)""";

    /** How long the per-minute counts are kept: the longest window counted (a week), and a day to spare. */
    public static final Duration MINUTES_KEPT = Duration.ofDays(8);

    private final EntityManager em;

    public Occurrences(EntityManager em) {
        this.em = em;
    }

    /** Deletes up to {@code limit} occurrences older than {@code cutoff}, in its own transaction; returns how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteBefore(Instant cutoff, int limit) {
        return em.createNativeQuery(DELETE_BEFORE).setParameter(1, Timestamp.from(cutoff)).setParameter(2, limit)
                .executeUpdate();
    }

    /**
     * Deletes up to {@code limit} per-minute counts older than {@code cutoff}, in its own transaction; returns how
     * many. (An occurrence applied late into a minute this old makes its row again, which the next pass deletes.)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteMinutesBefore(Instant cutoff, int limit) {
        return em.createNativeQuery(DELETE_MINUTES_BEFORE).setParameter(1, Timestamp.from(cutoff))
                .setParameter(2, limit).executeUpdate();
    }
}
