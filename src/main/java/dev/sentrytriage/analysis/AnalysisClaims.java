package dev.sentrytriage.analysis;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.infra.SqlTime;
import dev.sentrytriage.incident.IncidentChanged;
import dev.sentrytriage.incident.IncidentChanged.Change;
import dev.sentrytriage.incident.Via;

/**
 * The analysis job's side of the incident table. Claims one due incident at a time with {@code FOR UPDATE SKIP
 * LOCKED} and a lease (so replicas share the work and a crashed worker's claim expires), and stores an analysis in
 * one short transaction that also releases the episode's waiting message or asks for an edit of the sent one.
 */
@ApplicationScoped
public class AnalysisClaims {

    private static final String CLAIM = """
            with due as (
                select id from incident
                where analysis_due_at <= ?1 and (analysis_lease_until is null or analysis_lease_until < ?1)
                order by analysis_due_at
                limit 1
                for update skip locked)
            update incident i set analysis_lease_token = ?2, analysis_lease_until = ?3,
                                  analysis_attempts = i.analysis_attempts + 1
            from due where i.id = due.id
            returning i.id, i.analysis_due_at, i.analysis_attempts, i.context, i.title, i.analyzed_by, i.root_cause""";
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
    private static final String RELEASE_EPISODE = """
            update notification set next_attempt_at = least(next_attempt_at, ?2)
            where incident_id = ?1 and status = 'PENDING' and kind in ('OPENED', 'REGRESSION', 'ESCALATED')""";

    private final EntityManager em;
    private final Event<IncidentChanged> changes;
    private final Clock clock;
    private final boolean preferSeer;

    public AnalysisClaims(EntityManager em, Event<IncidentChanged> changes, Clock clock, TriageConfig config) {
        this.em = em;
        this.changes = changes;
        this.clock = clock;
        this.preferSeer = config.analyzer().preferSeer();
    }

    /** One claimed incident: what the analysis needs, under a lease. */
    public record Claim(long incidentId, UUID leaseToken, Instant dueAt, int attempts, String context, String title,
            String analyzedBy, String rootCause) {
    }

    /** Claims the incident whose analysis is due longest, if any, for {@code lease}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public Optional<Claim> claim(Duration lease) {
        Instant now = clock.instant();
        UUID token = UUID.randomUUID();
        List<Object[]> rows = em.createNativeQuery(CLAIM)
                .setParameter(1, Timestamp.from(now))
                .setParameter(2, token)
                .setParameter(3, Timestamp.from(now.plus(lease)))
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        return Optional.of(new Claim(((Number) r[0]).longValue(), token, SqlTime.instant(r[1]), ((Number) r[2]).intValue(),
                (String) r[3], (String) r[4], (String) r[5], (String) r[6]));
    }

    /**
     * Stores the outcome of a claim: the analysis ({@code null} keeps the stored one), when to try again ({@code null}:
     * not again this episode) and the attempts that count towards that. Then releases the episode's waiting message,
     * or asks for an edit of the sent one when the analysis changed. Returns false when the lease was lost meanwhile.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean store(Claim claim, Analysis analysis, Instant nextTry, int attempts) {
        Instant now = clock.instant();
        boolean write = analysis != null;
        Analysis a = write ? analysis : Analysis.of(null, null, null, null, null, null);
        int updated = em.createNativeQuery(STORE)
                .setParameter(1, claim.incidentId())
                .setParameter(2, claim.leaseToken())
                .setParameter(3, a.rootCause())
                .setParameter(4, a.impact())
                .setParameter(5, a.fixSuggestion())
                .setParameter(6, a.prevention())
                .setParameter(7, a.confidence())
                .setParameter(8, a.analyzedBy())
                .setParameter(9, write)
                .setParameter(10, Timestamp.from(now))
                .setParameter(11, Timestamp.from(claim.dueAt()))
                .setParameter(12, attempts)
                .setParameter(13, nextTry == null ? null : Timestamp.from(nextTry))
                .setParameter(14, preferSeer)
                .executeUpdate();
        if (updated == 0) {
            return false;
        }
        boolean changed = write && (!Objects.equals(a.rootCause(), claim.rootCause())
                || !Objects.equals(a.analyzedBy(), claim.analyzedBy()));
        analysed(claim.incidentId(), changed, null, now);
        return true;
    }

    /**
     * The incident's analysis was stored: releases the episode's waiting message, or, when none waits and the
     * analysis changed, asks for an edit of the sent one (in the caller's transaction).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void analysed(long incidentId, boolean changed, Via via, Instant now) {
        int released = em.createNativeQuery(RELEASE_EPISODE)
                .setParameter(1, incidentId)
                .setParameter(2, Timestamp.from(now))
                .executeUpdate();
        if (released == 0 && changed) {
            changes.fire(new IncidentChanged(incidentId, Change.ANALYSIS, via, now));
        }
    }

}
