package dev.sentrytriage.analysis;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.sentrytriage.config.TriageConfig;

/**
 * The AI's budget: at most {@code triage.analyzer.max-per-minute} calls started per clock minute over all replicas,
 * counted in PostgreSQL ({@code analyzer_budget}, one row per minute taken with one upsert). Beyond it the caller
 * answers with the heuristic and tries the AI again from the next minute on, so a flood of new issues cannot run up
 * the bill or starve the next real incident.
 */
@ApplicationScoped
public class AnalyzerBudget {

    private static final String TAKE = """
            insert into analyzer_budget as b (minute, calls) values (?1, 1)
            on conflict (minute) do update set calls = b.calls + 1 where b.calls < ?2
            returning b.calls""";

    private final EntityManager em;
    private final int perMinute;
    private final AtomicReference<Instant> spentMinute = new AtomicReference<>();

    public AnalyzerBudget(EntityManager em, TriageConfig config) {
        this.em = em;
        this.perMinute = config.analyzer().maxPerMinute();
    }

    /** Whether this process already saw the budget of the minute of {@code now} spent (no database call). */
    public boolean spent(Instant now) {
        return perMinute > 0 && now.truncatedTo(ChronoUnit.MINUTES).equals(spentMinute.get());
    }

    /** Takes one call of the minute of {@code now}; false when the minute's budget is spent. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public boolean take(Instant now) {
        if (perMinute <= 0) {
            return true;
        }
        if (spent(now)) {
            return false;
        }
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        List<Number> calls = em.createNativeQuery(TAKE).setParameter(1, Timestamp.from(minute))
                .setParameter(2, perMinute).getResultList();
        if (calls.isEmpty()) {
            spentMinute.set(minute); // a minute's count only grows: no need to ask again until the next one
            return false;
        }
        if (calls.get(0).intValue() == 1) {
            // the first call of a new minute forgets the minutes of more than an hour ago
            em.createNativeQuery("delete from analyzer_budget where minute < ?1")
                    .setParameter(1, Timestamp.from(minute.minus(Duration.ofHours(1)))).executeUpdate();
        }
        return true;
    }

    /** When the next minute's budget opens. */
    public static Instant nextMinute(Instant now) {
        return now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    }
}
