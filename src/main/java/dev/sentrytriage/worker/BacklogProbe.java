package dev.sentrytriage.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.intake.Deliveries;

/**
 * The worker backlog as the delivery table shows it ({@link Deliveries#unfinished}): deliveries not yet finished
 * (pending or being processed) and the age of the oldest. Every replica sees the same backlog, since they share the
 * table.
 */
@ApplicationScoped
public class BacklogProbe {

    private static final long MAX_STALENESS_NANOS = Duration.ofSeconds(1).toNanos();

    /** Unfinished deliveries and the age of the oldest ({@link Duration#ZERO} when there is none). */
    public record Backlog(long size, Duration oldest) {
    }

    private final Deliveries deliveries;
    private final Clock clock;
    private volatile Backlog cached;
    private volatile long cachedAt;

    public BacklogProbe(Deliveries deliveries, Clock clock) {
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** The current backlog, read now. */
    public Backlog backlog() {
        return read();
    }

    /** The backlog read at most a second ago: metrics scrapes of several collectors cost one query. */
    public Backlog recentBacklog() {
        Backlog value = cached;
        if (value != null && System.nanoTime() - cachedAt < MAX_STALENESS_NANOS) {
            return value;
        }
        value = read();
        cached = value;
        cachedAt = System.nanoTime();
        return value;
    }

    private Backlog read() {
        Deliveries.Unfinished unfinished = deliveries.unfinished();
        Instant oldest = unfinished.oldestReceivedAt();
        Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest, Instant.now(clock));
        return new Backlog(unfinished.count(), age.isNegative() ? Duration.ZERO : age);
    }
}
