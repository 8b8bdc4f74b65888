package dev.sentrytriage.incident;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.sentrytriage.infra.JsonColumns;
import dev.sentrytriage.infra.Rows;
import dev.sentrytriage.infra.Statements;

/**
 * The incident table's analysis columns: claiming a due analysis with {@code FOR UPDATE SKIP LOCKED} and a lease,
 * and storing its outcome. Plain SQL rather than the entity because a claim is one round trip (select, lease and
 * return in one statement) and a store must not load the incident; the store bumps {@code version} itself, so an
 * entity write that read the incident before it fails instead of overwriting the analysis. Runs in the caller's
 * transaction.
 */
@ApplicationScoped
public class AnalysisColumns {

    private static final Logger LOG = Logger.getLogger(AnalysisColumns.class);

    private static final String CLAIM = """
            with due as (
                select id from incident
                where analysis_due_at <= ?1 and (analysis_lease_until is null or analysis_lease_until < ?1)
                order by case risk when 'CRITICAL' then 0 when 'HIGH' then 1 when 'MEDIUM' then 2 else 3 end,
                         analysis_due_at
                limit ?4
                for update skip locked)
            update incident i set analysis_lease_token = ?2, analysis_lease_until = ?3,
                                  analysis_attempts = i.analysis_attempts + 1
            from due where i.id = due.id
            returning i.id, i.analysis_due_at, i.analysis_attempts, i.context::text, i.title, i.analyzed_by, i.root_cause""";
    // A newer due time means a new episode began while we analysed: keep it (and its fresh attempt count).
    // ?14: Seer (Sentry's AI) answered during this episode and is preferred: its analysis stays.
    private static final String STORE = """
            update incident set
                root_cause = case when ?9 and not ?14 then cast(?3 as text) else root_cause end,
                impact = case when ?9 and not ?14 then cast(?4 as text) else impact end,
                fix_suggestion = case when ?9 and not ?14 then cast(?5 as text) else fix_suggestion end,
                prevention = case when ?9 and not ?14 then cast(?6 as text) else prevention end,
                confidence = case when ?9 and not ?14 then cast(?7 as double precision) else confidence end,
                analyzed_by = case when ?9 and not ?14 then cast(?8 as text) else analyzed_by end,
                analyzed_at = case when ?9 and not ?14 then cast(?10 as timestamptz) else analyzed_at end,
                analysis_attempts = case when analysis_due_at > ?11 then 0 else ?12 end,
                analysis_due_at = case when analysis_due_at > ?11 then analysis_due_at else cast(?13 as timestamptz) end,
                analysis_lease_token = null, analysis_lease_until = null, version = version + 1
            where id = ?1 and analysis_lease_token = ?2""".replace("?14",
            "(?14 and coalesce(analyzed_by = 'seer' and analyzed_at >= ?11, false))");

    private static final String WRITE = """
            update incident set root_cause = ?2, impact = ?3, fix_suggestion = ?4, prevention = ?5, confidence = ?6,
                                analyzed_by = ?7, analyzed_at = ?8, seer_pr_url = ?9
            where id = ?1""";

    private final EntityManager em;

    public AnalysisColumns(EntityManager em) {
        this.em = em;
    }

    /**
     * Writes the analysis columns of an incident this transaction locked as its entity now holds them (the entity's
     * own update leaves those columns alone, see {@link Incident}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void write(Incident incident) {
        Statements.unflushed(em, WRITE).setParameter(1, incident.id).setParameter(2, incident.rootCause)
                .setParameter(3, incident.impact).setParameter(4, incident.fixSuggestion)
                .setParameter(5, incident.prevention).setParameter(6, incident.confidence)
                .setParameter(7, incident.analyzedBy)
                .setParameter(8, incident.analyzedAt == null ? null : Timestamp.from(incident.analyzedAt))
                .setParameter(9, incident.seerPrUrl).executeUpdate();
    }

    /** A claimed incident: what its analysis needs ({@code context} null when none is stored or readable). */
    public record Due(long incidentId, Instant dueAt, int attempts, IssueContext context, String title,
            String analyzedBy, String rootCause) {
    }

    /** What an analysis says; null fields are stored as null. */
    public record Outcome(String rootCause, String impact, String fixSuggestion, String prevention, Double confidence,
            String analyzedBy) {
    }

    /**
     * Claims at most {@code limit} incidents whose analysis is due at {@code now}, riskiest and longest due first,
     * under {@code token} until {@code until}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Due> claim(Instant now, UUID token, Instant until, int limit) {
        return Rows.as(em.createNativeQuery(CLAIM), r -> new Due(r.whole(0), r.instant(1), r.integer(2),
                context(r.whole(0), r.text(3)), r.text(4), r.text(5), r.text(6)))
                .setParameter(1, Timestamp.from(now))
                .setParameter(2, token)
                .setParameter(3, Timestamp.from(until))
                .setParameter(4, limit)
                .getResultList();
    }

    /**
     * The stored context, read as the entity reads its {@code jsonb}; null when none is stored, or when it cannot be
     * read (then the analysis works from the title instead of failing the claim again and again).
     */
    private static IssueContext context(long incidentId, String json) {
        if (json == null) {
            return null;
        }
        try {
            return JsonColumns.read(json, IssueContext.class);
        } catch (IOException e) {
            LOG.warnf("incident %d: stored context unreadable (%s), analysing from the title", incidentId,
                    e.getClass().getSimpleName());
            return null;
        }
    }

    /**
     * Stores the outcome of the claim {@code token} on incident {@code id} due at {@code dueAt}: {@code outcome}
     * (null keeps the stored analysis), the next try ({@code nextTry}, null for none) and the attempts that count
     * towards it, unless a new episode began meanwhile; with {@code keepSeer}, an analysis Seer gave during this
     * episode stays. Returns false when the lease was lost.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean store(long id, UUID token, Instant dueAt, Outcome outcome, Instant now, Instant nextTry,
            int attempts, boolean keepSeer) {
        boolean write = outcome != null;
        Outcome o = write ? outcome : new Outcome(null, null, null, null, null, null);
        return em.createNativeQuery(STORE)
                .setParameter(1, id)
                .setParameter(2, token)
                .setParameter(3, o.rootCause())
                .setParameter(4, o.impact())
                .setParameter(5, o.fixSuggestion())
                .setParameter(6, o.prevention())
                .setParameter(7, o.confidence())
                .setParameter(8, o.analyzedBy())
                .setParameter(9, write)
                .setParameter(10, Timestamp.from(now))
                .setParameter(11, Timestamp.from(dueAt))
                .setParameter(12, attempts)
                .setParameter(13, nextTry == null ? null : Timestamp.from(nextTry))
                .setParameter(14, keepSeer)
                .executeUpdate() > 0;
    }
}
