package dev.sentrytriage.intake;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.text.LogSafe;
import dev.sentrytriage.text.Sha256;
import dev.sentrytriage.text.StoredText;

/**
 * The durable inbox of deliveries, stored by the table's owner ({@link Deliveries}) straight over JDBC: the request
 * path needs no ORM, and the unique digest makes a replayed body a duplicate instead of a second delivery.
 *
 * <p>Group commit: concurrent requests hand their delivery to a few writer threads, which insert whatever is queued
 * in one transaction (one round trip, one WAL flush) and then answer every waiting request. A request is answered
 * only after the commit that stored it. Header values are cleaned before the insert (no NUL, no lone surrogate, at most
 * {@link StoredText#MAX_SHORT} characters); if a batch still fails for a data reason (SQLState class 22 or
 * 23), each delivery is stored in a transaction of its own, and one whose values the database refuses is stored as
 * {@code REJECTED} without them: every request gets its own outcome, never its neighbour's. If the database is away,
 * every request of the batch is told so (503), and nothing of it was stored.
 */
@ApplicationScoped
public class DeliveryInbox {

    private static final Logger LOG = Logger.getLogger(DeliveryInbox.class);

    /** Longer than the pool's acquisition timeout: a request never waits for ever on a stuck writer. */
    private static final long ANSWER_TIMEOUT_SECONDS = 10;

    private final Deliveries deliveries;
    private final Clock clock;
    private final int batchSize;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;
    private final Duration stopTimeout;

    public DeliveryInbox(Deliveries deliveries, Clock clock, TriageConfig config) {
        this.deliveries = deliveries;
        this.clock = clock;
        this.batchSize = config.intake().batchSize();
        this.stopTimeout = config.stopTimeout();
        this.queue = new LinkedBlockingQueue<>(config.intake().queueLength());
        for (int i = 0; i < config.intake().writers(); i++) {
            Thread writer = new Thread(this::write, "delivery-inbox-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /**
     * Stores a verified delivery with the given status, or finds the one already stored with the same body. The
     * answer completes (on a writer thread) once it is committed, so no thread waits for the commit; it fails with an
     * {@link SQLException} when the database cannot be reached, refuses the insert, or does not commit in time:
     * then nothing was stored.
     */
    public CompletableFuture<StoredDelivery> store(Delivery delivery, DeliveryStatus status, String reason) {
        Pending pending = new Pending(new Deliveries.New(delivery, status, reason, Sha256.of(delivery.digestInput())),
                new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            return CompletableFuture.failedFuture(new SQLException(running ? "inbox queue full" : "shutting down"));
        }
        return pending.answer().orTimeout(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(storageFailure(e)));
    }

    private static SQLException storageFailure(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException) {
            return new SQLException("no commit within " + ANSWER_TIMEOUT_SECONDS + " s");
        }
        return cause instanceof SQLException sql ? sql : new SQLException(cause);
    }

    @PreDestroy
    void stop() {
        running = false; // writers finish what is queued, then stop; one stuck in the database is waited for no longer
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        try {
            for (Thread writer : writers) {
                writer.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf("inbox writer: %s", LogSafe.error(e));
                batch.forEach(p -> p.answer().completeExceptionally(new SQLException(e)));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        Instant now = Instant.now(clock);
        try {
            List<StoredDelivery> stored = deliveries.insert(batch.stream().map(Pending::row).toList(), now);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer().complete(stored.get(i));
            }
        } catch (SQLException e) {
            if (!refusedData(e)) {
                batch.forEach(p -> p.answer().completeExceptionally(e));
                return;
            }
            LOG.warnf("inbox: a batch of %d was refused (SQLState %s); storing each on its own", batch.size(),
                    state(e));
            batch.forEach(p -> commitAlone(p, now));
        }
    }

    /** One delivery in its own transaction; if the database refuses its values, stored as rejected without them. */
    private void commitAlone(Pending p, Instant now) {
        try {
            p.answer().complete(deliveries.insert(List.of(p.row()), now).get(0));
        } catch (SQLException e) {
            if (!refusedData(e)) {
                p.answer().completeExceptionally(e);
                return;
            }
            Deliveries.New bare = new Deliveries.New(p.row().delivery().withoutHints(), DeliveryStatus.REJECTED,
                    "delivery refused by the database as sent (SQLState " + state(e) + ")", p.row().digest());
            try {
                p.answer().complete(deliveries.insert(List.of(bare), now).get(0));
            } catch (SQLException again) {
                p.answer().completeExceptionally(again);
            }
        }
    }

    /** Data exceptions (class 22) and integrity violations (class 23): this batch's values, not the database. */
    private static boolean refusedData(SQLException e) {
        String state = state(e);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static String state(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    private record Pending(Deliveries.New row, CompletableFuture<StoredDelivery> answer) {
    }
}
