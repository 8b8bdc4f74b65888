package dev.sentrytriage.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.infra.SignalledLoop;
import dev.sentrytriage.infra.WorkSignals;
import dev.sentrytriage.intake.Deliveries;
import dev.sentrytriage.text.LogSafe;
import dev.sentrytriage.text.StoredText;
import dev.sentrytriage.worker.DeliveryProcessor.Result;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Drains the delivery inbox. Worker threads wake at once on {@link WorkSignals#deliveries()};
 * {@link DeliverySweepJob} calls {@link #drain()} on a schedule for whatever was left behind. Tests call
 * {@link #drain()} directly.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    private final DeliveryClaims claims;
    private final DeliveryProcessor processor;
    private final TriageConfig.Worker config;
    private final SignalledLoop loop;
    private final Duration stopTimeout;
    private final Timer applied;
    private final Timer failed;
    private final Timer takenElsewhere;
    private final Counter retried;
    private final Counter exhausted;
    private final int leaseSeconds;
    private final Map<UUID, Long> heldBack = new ConcurrentHashMap<>();

    public DeliveryWorker(DeliveryClaims claims, DeliveryProcessor processor, WorkSignals signals, TriageConfig config,
            MeterRegistry registry) {
        this.claims = claims;
        this.processor = processor;
        this.config = config.worker();
        this.stopTimeout = config.stopTimeout();
        this.leaseSeconds = (int) Math.max(1, this.config.lease().toSeconds());
        this.applied = processing(registry, "applied");
        this.failed = processing(registry, "failed");
        this.takenElsewhere = processing(registry, "lease_lost"); // the tag's name from the lease era, kept for dashboards
        this.retried = retries(registry, "retry");
        this.exhausted = retries(registry, "exhausted");
        this.loop = new SignalledLoop("delivery-worker", signals.deliveries(), this.config.sweepEvery(),
                () -> drain(this.config.gather()));
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            loop.start(config.threads());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        loop.stop(stopTimeout);
    }

    /**
     * Claims and processes due deliveries until none is left or the thread is interrupted (the worker stops); returns
     * how many were applied (deliveries whose body cannot be made an incident are marked failed, and not counted).
     */
    public int drain() {
        return drain(Duration.ZERO);
    }

    /**
     * The worker threads' pass: as {@link #drain()}, but after a batch that emptied the inbox (fewer claimed than a
     * batch holds) the thread waits {@code gather} before it claims again, and the next batch carries what arrived
     * meanwhile. Paced at 1,000 deliveries a second, a claim otherwise took about 5, each batch a transaction, a commit
     * and a flush of the log of its own, competing with the intake's commits for the same two cores and disk.
     */
    int drain(Duration gather) {
        int applied = 0;
        while (!Thread.currentThread().isInterrupted()) {
            Batch batch = processBatch();
            if (batch.claimed() == 0) {
                return applied;
            }
            applied += batch.applied();
            if (batch.claimed() < config.batchSize() && gather.toMillis() > 0) {
                try {
                    Thread.sleep(gather.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the worker stops
                }
            }
        }
        return applied;
    }

    private record Batch(int claimed, int applied) {
    }

    /**
     * Claims a batch and applies it in one transaction; on any failure, one delivery at a time to isolate the bad one:
     * each good one is committed on its own at once, the bad one is released for a later retry by itself.
     */
    private Batch processBatch() {
        long start = System.nanoTime();
        List<UUID> claimed = new ArrayList<>();
        try {
            Result result = inTransaction(() -> {
                List<Deliveries.Claimed> rows = claims.claim(heldBack());
                rows.forEach(row -> claimed.add(row.id()));
                return processor.process(rows);
            });
            int settled = result.applied() + result.failed();
            long each = (System.nanoTime() - start) / Math.max(1, settled);
            for (int i = 0; i < settled; i++) {
                (i < result.applied() ? applied : failed).record(each, TimeUnit.NANOSECONDS);
            }
            exhausted.increment(result.failed());
            return new Batch(claimed.size(), result.applied());
        } catch (RuntimeException e) {
            if (claimed.isEmpty()) {
                throw e; // the claim itself failed (database away): the loop tries again later
            }
            LOG.debugf("batch of %d failed as a whole (%s); applying one by one", claimed.size(), LogSafe.error(e));
            int done = 0;
            for (UUID id : claimed) {
                if (processOne(id)) {
                    done++;
                }
            }
            return new Batch(claimed.size(), done);
        }
    }

    private boolean processOne(UUID id) {
        long start = System.nanoTime();
        try {
            Result result = inTransaction(() -> processor.process(claims.claimOne(id)));
            if (result.none()) {
                takenElsewhere.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                LOG.debugf("delivery %s: taken by another worker meanwhile", id);
                return false;
            }
            if (result.failed() > 0) {
                failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                exhausted.increment();
                LOG.warnf("delivery %s: cannot be made an incident, marked failed", id);
                return false;
            }
            applied.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            LOG.debugf("delivery %s: applied", id);
            return true;
        } catch (RuntimeException e) {
            failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            String reason = reason(e);
            try {
                boolean givenUp = claims.release(id, reason);
                (givenUp ? exhausted : retried).increment();
                LOG.warnf("delivery %s: processing failed, %s: %s", id, givenUp ? "attempts used up" : "will retry",
                        LogSafe.error(e));
            } catch (RuntimeException releaseFailed) {
                if (refusedByTheDatabase(releaseFailed)) {
                    // never let one delivery stop the rest: it is held back from this worker's claims for a lease
                    heldBack.put(id, System.nanoTime() + config.lease().toNanos());
                    LOG.warnf("delivery %s: processing failed and could not be released (%s); retried after %s",
                            id, LogSafe.error(releaseFailed), config.lease());
                } else {
                    LOG.warnf("delivery %s: processing failed and the database is away (%s); retried on a later pass",
                            id, LogSafe.error(releaseFailed));
                }
            }
            return false;
        }
    }

    /**
     * Whether the database answered and refused (a trigger, a constraint, a bad value), as opposed to being away: no
     * connection (SQLState class 08, or none, as a pool timeout has), shutting down (57) or out of resources (53). A
     * delivery whose failure was refused is held back; one that met the database away is not, as nothing of it was
     * written and the next pass finds it due once the database is back.
     */
    static boolean refusedByTheDatabase(Throwable e) {
        String state = LogSafe.sqlState(e);
        return state != null && !state.startsWith("08") && !state.startsWith("57") && !state.startsWith("53");
    }

    /** One transaction of at most the lease: a batch that runs longer is rolled back, and its deliveries freed. */
    private Result inTransaction(Callable<Result> work) {
        return QuarkusTransaction.requiringNew().timeout(leaseSeconds).call(work);
    }

    /** Deliveries whose failure could not be recorded, left out of this worker's claims until their time is up. */
    private Set<UUID> heldBack() {
        long now = System.nanoTime();
        heldBack.values().removeIf(until -> until - now < 0);
        return heldBack.keySet();
    }

    private static Timer processing(MeterRegistry registry, String outcome) {
        return Timer.builder("triage.processing").description("Time to turn one claimed delivery into its incident change")
                .tag("outcome", outcome)
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
                        Duration.ofSeconds(5))
                .register(registry);
    }

    /**
     * What a failed delivery's row keeps as its last error (shown by the API and the board): the exception's class and
     * SQLState, never its message, which for a database error may quote the failing row, body included.
     */
    static String reason(Exception e) {
        return StoredText.clean(LogSafe.error(e), 1000);
    }

    private static Counter retries(MeterRegistry registry, String outcome) {
        return Counter.builder("triage.delivery.retries")
                .description("Failed processing attempts: retried later, or given up after the last attempt")
                .tag("outcome", outcome).register(registry);
    }

}
