package dev.sentrytriage.analysis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.infra.Backoff;

/**
 * Bounds the calls to one peer: a concurrency limit, retries only where the peer says retrying is safe (429 and 5xx,
 * waiting its {@code Retry-After} up to a cap), and a circuit breaker that stops calling a peer after consecutive
 * failures and lets one trial call through after a delay. The per-call timeout is the REST client's.
 * <p>
 * Written out rather than taken from SmallRye Fault Tolerance: the peer's {@code Retry-After} decides whether to wait
 * as well as how long (a backoff strategy there only stretches a wait), only failures that say the peer is unwell
 * count against it (its breaker tells them apart by exception class alone), and time comes from the injected
 * {@link Clock}, so tests drive the breaker's delay.
 */
public final class CallGuard {

    /** Waits between retries; a field so unit tests can record the waits instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The production wait: the calling thread sleeps. */
    static final Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis());

    private static final Logger LOG = Logger.getLogger(CallGuard.class);
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(250), ChronoUnit.FOREVER.getDuration());

    private final String name;
    private final Clock clock;
    private final int maxRetries;
    private final Duration retryAfterCap;
    private final int breakerFailures;
    private final Duration breakerDelay;
    private final Semaphore permits;
    private final Duration permitWait;
    private volatile Sleeper sleeper;

    private final Object state = new Object();
    private int consecutiveFailures;
    private Instant openUntil;
    private boolean trialInFlight;

    public CallGuard(String name, Clock clock, int maxRetries, Duration retryAfterCap, int breakerFailures,
            Duration breakerDelay, int maxConcurrency, Duration permitWait, Sleeper sleeper) {
        this.name = name;
        this.clock = clock;
        this.maxRetries = Math.max(0, maxRetries);
        this.retryAfterCap = retryAfterCap;
        this.breakerFailures = Math.max(1, breakerFailures);
        this.breakerDelay = breakerDelay;
        this.permits = new Semaphore(Math.max(1, maxConcurrency));
        this.permitWait = permitWait;
        this.sleeper = sleeper;
    }

    /** The guard of an AI analyzer: retries, circuit breaker, concurrency limit (waiting at most one timeout). */
    static CallGuard analyzer(String name, TriageConfig.Analyzer config, Clock clock) {
        return new CallGuard(name, clock, config.maxRetries(), config.retryAfterCap(), config.breakerFailures(),
                config.breakerDelay(), config.maxConcurrency(), config.timeout(), THREAD_SLEEP);
    }

    /** Runs {@code call} under the guard; throws {@link PeerException} when it gives no answer. */
    public <T> T call(Supplier<T> call) {
        boolean trial = admit();
        boolean permitted = false;
        try {
            permitted = acquire();
            T result = withRetries(call);
            succeeded();
            return result;
        } catch (PeerException e) {
            failed(e, trial);
            throw e;
        } finally {
            if (permitted) {
                permits.release();
            }
            if (trial) {
                synchronized (state) {
                    trialInFlight = false;
                }
            }
        }
    }

    private boolean acquire() {
        try {
            if (!permits.tryAcquire(permitWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw PeerException.of(PeerException.Kind.BUSY, "busy");
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PeerException.of(PeerException.Kind.BUSY, "interrupted");
        }
    }

    private <T> T withRetries(Supplier<T> call) {
        for (int attempt = 0;; attempt++) {
            try {
                return call.get();
            } catch (PeerException e) {
                if (!e.retryable() || attempt >= maxRetries) {
                    throw e;
                }
                Duration wait = e.retryAfter() != null ? e.retryAfter() : BACKOFF.after(attempt + 1);
                if (wait.compareTo(retryAfterCap) > 0) {
                    throw e; // the peer wants longer than we hold a worker: a later pass tries again
                }
                LOG.debugf("%s: %s, retrying in %d ms", name, e.reason(), wait.toMillis());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Refuses the call while the breaker is open; returns whether this call is the half-open trial. */
    private boolean admit() {
        synchronized (state) {
            if (openUntil == null) {
                return false;
            }
            if (clock.instant().isBefore(openUntil) || trialInFlight) {
                throw PeerException.of(PeerException.Kind.CIRCUIT_OPEN, "circuit open");
            }
            trialInFlight = true;
            return true;
        }
    }

    private void succeeded() {
        synchronized (state) {
            consecutiveFailures = 0;
            openUntil = null;
        }
    }

    private void failed(PeerException e, boolean trial) {
        if (!e.countsAgainstPeer()) {
            if (trial) {
                succeeded(); // the peer answered: it is up again
            }
            return;
        }
        synchronized (state) {
            consecutiveFailures++;
            if (trial || consecutiveFailures >= breakerFailures) {
                if (openUntil == null || trial) {
                    LOG.warnf("%s: circuit opened for %s after %d failures (last: %s)", name, breakerDelay,
                            consecutiveFailures, e.reason());
                }
                openUntil = clock.instant().plus(breakerDelay);
            }
        }
    }

    /** Whether calls are refused right now. */
    public boolean isOpen() {
        synchronized (state) {
            return openUntil != null && clock.instant().isBefore(openUntil);
        }
    }

    /** Waits with {@code sleeper} from now on; tests record the waits instead of spending them. */
    void sleepWith(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /** Closes the breaker and forgets past failures (operations, tests). */
    public void reset() {
        synchronized (state) {
            consecutiveFailures = 0;
            openUntil = null;
            trialInFlight = false;
        }
    }
}
