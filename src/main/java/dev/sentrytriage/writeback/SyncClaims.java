package dev.sentrytriage.writeback;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.sentrytriage.incident.IncidentChanged;
import dev.sentrytriage.infra.Rows;

/**
 * The write-back worker's side of {@code sentry_sync}: claims due rows with {@code FOR UPDATE SKIP LOCKED} and a
 * lease (replicas share the work, a crashed worker's claim runs out), and records each outcome guarded by the lease
 * token. An outcome counts only for the intent it was sent for: when a newer intent arrived meanwhile, the row is
 * due again at once instead.
 */
@ApplicationScoped
public class SyncClaims {

    private static final String CLAIM = """
            with due as (
                select incident_id from sentry_sync
                where (state = 'PENDING' and next_attempt_at <= ?1) or (state = 'SENDING' and lease_until < ?1)
                order by next_attempt_at
                limit ?4
                for update skip locked)
            update sentry_sync s set state = 'SENDING', lease_token = ?2, lease_until = ?3, attempts = s.attempts + 1
            from due where s.incident_id = due.incident_id
            returning s.incident_id, s.org, s.issue_id, s.target, s.ignore_minutes, s.intent, s.attempts""";
    private static final String FINISH = """
            update sentry_sync set
                state = case when intent = ?3 then ?4 else 'PENDING' end,
                detail = case when intent = ?3 then cast(?5 as text) else detail end,
                next_attempt_at = case when intent = ?3 then next_attempt_at else ?6 end,
                lease_token = null, lease_until = null, updated_at = ?6
            where incident_id = ?1 and lease_token = ?2""";
    private static final String RETRY = """
            update sentry_sync set
                state = 'PENDING',
                detail = case when intent = ?3 then cast(?4 as text) else detail end,
                next_attempt_at = case when intent = ?3 then cast(?5 as timestamptz) else cast(?6 as timestamptz) end,
                lease_token = null, lease_until = null, updated_at = ?6
            where incident_id = ?1 and lease_token = ?2""";

    private final EntityManager em;
    private final Event<IncidentChanged> changes;
    private final Clock clock;

    public SyncClaims(EntityManager em, Event<IncidentChanged> changes, Clock clock) {
        this.em = em;
        this.changes = changes;
        this.clock = clock;
    }

    /** One claimed write-back. */
    public record Claim(long incidentId, String org, String issueId, String target, Integer ignoreMinutes,
            long intent, int attempts, UUID leaseToken) {
    }

    /** Claims up to {@code limit} due write-backs for {@code lease}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Claim> claim(int limit, Duration lease) {
        Instant now = clock.instant();
        UUID token = UUID.randomUUID();
        return Rows.as(em.createNativeQuery(CLAIM), r -> new Claim(r.whole(0), r.text(1), r.text(2), r.text(3),
                r.integer(4), r.whole(5), r.integer(6), token))
                .setParameter(1, Timestamp.from(now)).setParameter(2, token)
                .setParameter(3, Timestamp.from(now.plus(lease))).setParameter(4, limit)
                .getResultList();
    }

    /**
     * Records the final outcome ({@code SYNCED}, {@code FAILED}, {@code DEAD}) with what it says on the incident, and
     * asks for an edit of the incident's message in the same transaction, so the message shows it. Returns false
     * when the lease was lost or a newer intent is waiting (then nothing is shown yet).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean finish(Claim claim, SyncState state, String detail) {
        Instant now = clock.instant();
        int updated = em.createNativeQuery(FINISH)
                .setParameter(1, claim.incidentId()).setParameter(2, claim.leaseToken())
                .setParameter(3, claim.intent()).setParameter(4, state.name()).setParameter(5, detail)
                .setParameter(6, Timestamp.from(now))
                .executeUpdate();
        if (updated == 0 || !current(claim)) {
            return false;
        }
        changes.fire(new IncidentChanged(claim.incidentId(), IncidentChanged.Change.UPDATED, null, now));
        return true;
    }

    /** Puts a write-back back, due at {@code at} (at once when a newer intent is waiting), noting why. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void retryAt(Claim claim, Instant at, String detail) {
        em.createNativeQuery(RETRY)
                .setParameter(1, claim.incidentId()).setParameter(2, claim.leaseToken())
                .setParameter(3, claim.intent()).setParameter(4, detail)
                .setParameter(5, Timestamp.from(at)).setParameter(6, Timestamp.from(clock.instant()))
                .executeUpdate();
    }

    /** Whether the row still stands for the claimed intent (read in the finishing transaction). */
    private boolean current(Claim claim) {
        long intent = Rows.as(em.createNativeQuery("select intent from sentry_sync where incident_id = ?1"),
                r -> r.whole(0)).setParameter(1, claim.incidentId()).getSingleResult();
        return intent == claim.intent();
    }
}
