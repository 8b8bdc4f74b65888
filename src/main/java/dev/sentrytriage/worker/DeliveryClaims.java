package dev.sentrytriage.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.infra.Backoff;
import dev.sentrytriage.intake.Deliveries;
import dev.sentrytriage.intake.DeliveryStatus;

/**
 * Claims deliveries for processing, through the table's owner ({@link Deliveries}): a claim is a row lock
 * ({@code FOR UPDATE SKIP LOCKED}) held by the transaction that applies the deliveries and marks them done, so
 * several workers and replicas claim side by side, nothing is written to claim, and a worker that dies frees its
 * claims at once.
 */
@ApplicationScoped
public class DeliveryClaims {

    private final Deliveries deliveries;
    private final Clock clock;
    private final TriageConfig.Worker config;

    public DeliveryClaims(Deliveries deliveries, Clock clock, TriageConfig config) {
        this.deliveries = deliveries;
        this.clock = clock;
        this.config = config.worker();
    }

    /** Claims up to the batch size of due deliveries, except {@code skipped}, for the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Deliveries.Claimed> claim(Collection<UUID> skipped) {
        return deliveries.lockDue(clock.instant(), config.batchSize(), skipped);
    }

    /** Claims one delivery still to be applied (none if another worker holds or finished it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Deliveries.Claimed> claimOne(UUID id) {
        return deliveries.lockOne(id, clock.instant());
    }

    /**
     * Records a failed attempt: pending again after a doubling backoff, or failed for good once the attempts are used
     * up. Nothing happens if another worker applied it meanwhile. Returns true when it was given up.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean release(UUID id, String error) {
        int attempts = deliveries.attempts(id) + 1;
        boolean exhausted = attempts >= config.maxAttempts();
        Duration backoff = Backoff.doubling(config.retryBackoff(), 10).after(attempts);
        String reason = error == null ? null : error.substring(0, Math.min(error.length(), 1000));
        deliveries.release(id, exhausted ? DeliveryStatus.FAILED : DeliveryStatus.PENDING,
                clock.instant().plus(backoff), reason);
        return exhausted;
    }
}
