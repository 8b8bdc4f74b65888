package dev.sentrytriage.analysis;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.AnalysisColumns;
import dev.sentrytriage.incident.IncidentChanged;
import dev.sentrytriage.incident.IncidentChanged.Change;
import dev.sentrytriage.incident.IncidentService;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Via;

/**
 * The analysis job's transactions. Claims one due incident at a time through the incident's owner
 * ({@link AnalysisColumns}: {@code FOR UPDATE SKIP LOCKED} and a lease, so replicas share the work and a crashed
 * worker's claim expires), highest risk first, then longest due (so once the AI's budget of a minute is spent, the
 * next minute goes to the riskiest), and stores an analysis in one short transaction that also releases the episode's waiting
 * message or asks for an edit of the sent one.
 */
@ApplicationScoped
public class AnalysisClaims {

    private static final String RELEASE_EPISODE = """
            update notification set next_attempt_at = least(next_attempt_at, ?2)
            where incident_id = ?1 and status = 'PENDING' and kind in ('OPENED', 'REGRESSION', 'ESCALATED')""";

    private final EntityManager em;
    private final AnalysisColumns columns;
    private final IncidentService incidents;
    private final Event<IncidentChanged> changes;
    private final Clock clock;
    private final boolean preferSeer;

    public AnalysisClaims(EntityManager em, AnalysisColumns columns, IncidentService incidents,
            Event<IncidentChanged> changes, Clock clock, TriageConfig config) {
        this.em = em;
        this.columns = columns;
        this.incidents = incidents;
        this.changes = changes;
        this.clock = clock;
        this.preferSeer = config.analyzer().preferSeer();
    }

    /** One claimed incident: what the analysis needs, under a lease ({@code context} null when none is readable). */
    public record Claim(long incidentId, UUID leaseToken, Instant dueAt, int attempts, IssueContext context,
            String title, String analyzedBy, String rootCause) {
    }

    /** Claims at most {@code limit} incidents whose analysis is due, riskiest and longest due first, for {@code lease}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Claim> claim(Duration lease, int limit) {
        Instant now = clock.instant();
        UUID token = UUID.randomUUID();
        return columns.claim(now, token, now.plus(lease), limit).stream().map(d -> new Claim(d.incidentId(), token,
                d.dueAt(), d.attempts(), d.context(), d.title(), d.analyzedBy(), d.rootCause())).toList();
    }

    /**
     * Stores the outcome of a claim: the analysis ({@code null} keeps the stored one), when to try again ({@code null}:
     * not again this episode) and the attempts that count towards that. Then releases the episode's waiting message,
     * or asks for an edit of the sent one when the analysis changed. Returns false when the lease was lost meanwhile.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean store(Claim claim, Analysis analysis, Instant nextTry, int attempts) {
        return stored(claim, analysis, nextTry, attempts);
    }

    /**
     * Stores the analyses of several claims, each as {@link #store} with no later try, in one transaction: for the
     * heuristics, whose answer takes microseconds, a commit for each would cost more than the analysis. Returns how
     * many were stored (a claim whose lease was lost stores nothing).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int storeAll(List<Claim> claimed, List<Analysis> analyses) {
        incidents.lockInKeyOrder(claimed.stream().map(Claim::incidentId).toList()); // as a worker batch takes them
        int stored = 0;
        for (int i = 0; i < claimed.size(); i++) {
            if (stored(claimed.get(i), analyses.get(i), null, 0)) {
                stored++;
            }
        }
        return stored;
    }

    private boolean stored(Claim claim, Analysis analysis, Instant nextTry, int attempts) {
        Instant now = clock.instant();
        boolean write = analysis != null;
        Analysis a = write ? analysis : Analysis.of(null, null, null, null, null, null);
        AnalysisColumns.Outcome outcome = write ? new AnalysisColumns.Outcome(a.rootCause(), a.impact(),
                a.fixSuggestion(), a.prevention(), a.confidence(), a.analyzedBy()) : null;
        if (!columns.store(claim.incidentId(), claim.leaseToken(), claim.dueAt(), outcome, now, nextTry, attempts,
                preferSeer)) {
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
