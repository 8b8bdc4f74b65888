package dev.sentrytriage.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.sentrytriage.infra.Rows;
import dev.sentrytriage.infra.TransactionLocal;

/**
 * The one recurrence query: occurrences of incidents in the hour, day and week before a moment, for the risk policy,
 * the messages, the board and the API. Runs in the caller's transaction.
 *
 * <p>It reads {@code incident_occurrence_minute}, which a trigger keeps as occurrences are inserted: one row an
 * incident a minute, so a count reads at most a week of minutes (10,080 rows) however many occurrences a storm brought.
 * A window starts at the beginning of the minute its edge falls in: a count may include up to one minute more than the
 * hour, day or week, never less.
 *
 * <p>A worker batch asks for the counts of an incident after each occurrence it records. Within a transaction an
 * incident is counted once (for most of a batch's incidents in one query before it starts, {@link #track}), and from
 * then on the occurrences it records are added ({@link #recorded}): one query a batch instead of one an occurrence.
 * The windows of the fetched counts are those of the moment they were fetched, so within a batch (milliseconds) an
 * occurrence near a window's edge may be counted a little longer than a fresh query would.
 */
@ApplicationScoped
public class OccurrenceCounts {

    static final String COUNTS = """
            select incident_id, coalesce(sum(occurrences) filter (where minute >= ?2), 0),
                   coalesce(sum(occurrences) filter (where minute >= ?3), 0), sum(occurrences)
            from incident_occurrence_minute where incident_id in (?1) and minute >= ?4
            group by incident_id""";
    private static final Recurrence NONE = new Recurrence(0, 0, 0);
    /** The windows counted, in the order of {@link Recurrence}'s fields. */
    private static final List<Duration> WINDOWS = List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7));

    /** This transaction's tracked incidents, in its resources. */
    private static final Object TRACKED = new Object();

    private final EntityManager em;
    private final TransactionLocal transactions;

    public OccurrenceCounts(EntityManager em, TransactionLocal transactions) {
        this.em = em;
        this.transactions = transactions;
    }

    /** Occurrences of one incident in the hour, day and week before {@code now}. */
    public Recurrence of(long incidentId, Instant now) {
        if (!transactions.active()) {
            return of(List.of(incidentId), now).getOrDefault(incidentId, NONE);
        }
        // counted once when first asked for: the query flushes the occurrences recorded so far, and the later ones
        // are added to it from here on
        return tracked().computeIfAbsent(incidentId,
                id -> new Tracked(of(List.of(id), now).getOrDefault(id, NONE))).at(now);
    }

    /**
     * Counts the incidents' occurrences once, in the caller's transaction; until it ends, {@link #of(long, Instant)}
     * answers for them from these counts and the occurrences {@link #recorded} since.
     */
    public void track(Collection<Long> ids, Instant now) {
        Map<Long, Tracked> tracked = tracked();
        List<Long> untracked = ids.stream().filter(id -> !tracked.containsKey(id)).toList();
        Map<Long, Recurrence> counts = of(untracked, now);
        for (Long id : untracked) {
            tracked.put(id, new Tracked(counts.getOrDefault(id, NONE)));
        }
    }

    /** An incident created in the caller's transaction: it has no occurrence yet, nothing to query. */
    public void trackNew(long id) {
        tracked().put(id, new Tracked(NONE));
    }

    /**
     * An occurrence of the incident recorded in the caller's transaction: added to its counts if it was counted
     * already in this transaction (if not, the query that counts it will see this one).
     */
    public void recorded(long id, Instant occurredAt) {
        Tracked tracked = tracked().get(id);
        if (tracked != null) {
            tracked.since.add(occurredAt);
        }
    }

    private Map<Long, Tracked> tracked() {
        return transactions.get(TRACKED, HashMap::new);
    }

    /** The counts fetched for an incident, and the occurrences recorded since, in this transaction. */
    private record Tracked(Recurrence fetched, List<Instant> since) {
        Tracked(Recurrence fetched) {
            this(fetched, new ArrayList<>());
        }

        Recurrence at(Instant now) {
            List<Instant> from = firstMinutes(now);
            return new Recurrence(fetched.lastHour() + recordedFrom(from.get(0)),
                    fetched.lastDay() + recordedFrom(from.get(1)), fetched.lastWeek() + recordedFrom(from.get(2)));
        }

        /** The occurrences recorded since, counted as the query counts them: from the start of {@code first}. */
        private long recordedFrom(Instant first) {
            return since.stream().filter(t -> !t.isBefore(first)).count();
        }
    }

    /** Occurrences of each incident in the hour, day and week before {@code now}; absent ids had none. */
    public Map<Long, Recurrence> of(List<Long> ids, Instant now) {
        Map<Long, Recurrence> counts = new HashMap<>();
        if (ids.isEmpty()) {
            return counts;
        }
        List<Instant> from = firstMinutes(now);
        // synchronized on incident_occurrence, whose inserts add to the minutes read: running it flushes the
        // occurrences not yet written, and not the whole session (a dirty incident is written once, at commit)
        List<Counted> rows = Rows.as(em.createNativeQuery(COUNTS), r -> new Counted(r.whole(0),
                new Recurrence(r.whole(1), r.whole(2), r.whole(3))))
                .addSynchronizedQuerySpace("incident_occurrence")
                .setParameter(1, ids)
                .setParameter(2, from.get(0))
                .setParameter(3, from.get(1))
                .setParameter(4, from.get(2))
                .getResultList();
        rows.forEach(c -> counts.put(c.incidentId(), c.recurrence()));
        return counts;
    }

    /**
     * The first minute each window counts (hour, day, week before {@code now}): the start of the minute its edge falls
     * in.
     */
    static List<Instant> firstMinutes(Instant now) {
        return WINDOWS.stream().map(w -> now.minus(w).truncatedTo(ChronoUnit.MINUTES)).toList();
    }

    /** One incident's counts as the query returns them. */
    private record Counted(long incidentId, Recurrence recurrence) {
    }
}
