package dev.sentrytriage.worker;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.infra.Backoff;

/**
 * Claims deliveries for processing with {@code FOR UPDATE SKIP LOCKED} and a lease: due pending deliveries, and
 * processing ones whose worker's lease expired (it crashed or hung). Several replicas can claim side by side.
 */
@ApplicationScoped
public class DeliveryClaims {

    private static final String CLAIM = """
            with due as (
                select id from delivery
                where (status = 'PENDING' and next_attempt_at <= ?1) or (status = 'PROCESSING' and lease_until < ?1)
                order by next_attempt_at
                limit ?2
                for update skip locked)
            update delivery d set status = 'PROCESSING', lease_token = ?3, lease_until = ?4, attempts = d.attempts + 1
            from due where d.id = due.id
            returning d.id""";
    private static final String RELEASE = """
            update delivery set status = ?3, next_attempt_at = ?4, last_error = ?5, lease_token = null, lease_until = null
            where id = ?1 and lease_token = ?2""";

    private final EntityManager em;
    private final Clock clock;
    private final TriageConfig.Worker config;

    public DeliveryClaims(EntityManager em, Clock clock, TriageConfig config) {
        this.em = em;
        this.clock = clock;
        this.config = config.worker();
    }

    /** A batch of claimed delivery ids, all under one new lease token. */
    public record Claim(UUID leaseToken, List<UUID> ids) {
    }

    /** Claims up to the batch size of due deliveries. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public Claim claim() {
        Instant now = clock.instant();
        UUID token = UUID.randomUUID();
        List<UUID> ids = em.createNativeQuery(CLAIM, UUID.class)
                .setParameter(1, Timestamp.from(now))
                .setParameter(2, config.batchSize())
                .setParameter(3, token)
                .setParameter(4, Timestamp.from(now.plus(config.lease())))
                .getResultList();
        return new Claim(token, ids);
    }

    /**
     * Gives a delivery back after a failed attempt: pending again after a doubling backoff, or failed for good once the
     * attempts are used up. Nothing happens if the lease was lost meanwhile. Returns true when it was given up.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean release(UUID id, UUID leaseToken, String error) {
        Object attemptsValue = em.createNativeQuery("select attempts from delivery where id = ?1")
                .setParameter(1, id).getSingleResult();
        int attempts = ((Number) attemptsValue).intValue();
        boolean exhausted = attempts >= config.maxAttempts();
        Duration backoff = Backoff.doubling(config.retryBackoff(), 10).after(attempts);
        em.createNativeQuery(RELEASE)
                .setParameter(1, id)
                .setParameter(2, leaseToken)
                .setParameter(3, exhausted ? "FAILED" : "PENDING")
                .setParameter(4, Timestamp.from(clock.instant().plus(backoff)))
                .setParameter(5, error == null ? null : error.substring(0, Math.min(error.length(), 1000)))
                .executeUpdate();
        return exhausted;
    }
}
