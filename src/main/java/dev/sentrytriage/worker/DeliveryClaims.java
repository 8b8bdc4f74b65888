package dev.sentrytriage.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.infra.Backoff;
import dev.sentrytriage.intake.Deliveries;
import dev.sentrytriage.intake.DeliveryStatus;

/**
 * Claims deliveries for processing with {@code FOR UPDATE SKIP LOCKED} and a lease (through the table's owner,
 * {@link Deliveries}): due pending deliveries, and processing ones whose worker's lease expired (it crashed or hung).
 * Several replicas can claim side by side.
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

    /** A batch of claimed delivery ids, all under one new lease token. */
    public record Claim(UUID leaseToken, List<UUID> ids) {
    }

    /** Claims up to the batch size of due deliveries. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Claim claim() {
        Instant now = clock.instant();
        UUID token = UUID.randomUUID();
        return new Claim(token, deliveries.claim(now, config.batchSize(), token, now.plus(config.lease())));
    }

    /**
     * Gives a delivery back after a failed attempt: pending again after a doubling backoff, or failed for good once the
     * attempts are used up. Nothing happens if the lease was lost meanwhile. Returns true when it was given up.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean release(UUID id, UUID leaseToken, String error) {
        int attempts = deliveries.attempts(id);
        boolean exhausted = attempts >= config.maxAttempts();
        Duration backoff = Backoff.doubling(config.retryBackoff(), 10).after(attempts);
        String reason = error == null ? null : error.substring(0, Math.min(error.length(), 1000));
        deliveries.release(id, leaseToken, exhausted ? DeliveryStatus.FAILED : DeliveryStatus.PENDING,
                clock.instant().plus(backoff), reason);
        return exhausted;
    }
}
