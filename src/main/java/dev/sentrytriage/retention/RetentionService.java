package dev.sentrytriage.retention;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.PersistenceException;

import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Occurrences;
import dev.sentrytriage.intake.Deliveries;
import dev.sentrytriage.intake.DeliveryStatus;
import dev.sentrytriage.notify.NotificationClaims;
import dev.sentrytriage.notify.TelegramMessages;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Deletes what is no longer needed, oldest first, in batches of {@code triage.retention.batch-size} rows: each batch
 * is one statement in its own short transaction and skips rows another transaction holds, so neither intake nor the
 * workers ever wait on it for long. Several replicas may run it at once. Each statement is its table's owner's
 * ({@link Deliveries}, {@link Occurrences}, {@link NotificationClaims}, {@link TelegramMessages}); this decides only
 * what is old and how fast it goes.
 * <ul>
 * <li>bodies of finished deliveries are set to null (the row, its status and its digest stay);</li>
 * <li>finished delivery rows are deleted, and with them their digest: a resend of the same body is then new;</li>
 * <li>occurrences older than the retention, never younger than the 7 days the counts read (the incident keeps its
 * total in {@code occurrences});</li>
 * <li>finished notifications (sent, logged, merged, failed, dead), except the one the incident's Telegram message
 * points at (its message id lives in {@code telegram_message}, which is kept), and applied Telegram update ids.</li>
 * </ul>
 * Deliveries waiting or in progress and notifications waiting or being sent are never touched.
 */
@ApplicationScoped
public class RetentionService {

    /** Occurrences are never deleted younger than the longest window counted, 7 days. */
    static final Duration OCCURRENCE_FLOOR = Duration.ofDays(7);

    private static final Logger LOG = Logger.getLogger(RetentionService.class);

    /** What one pass removed. */
    public record Report(long bodies, long deliveries, long occurrences, long countedMinutes, long notifications,
            long telegramUpdates) {

        public long total() {
            return bodies + deliveries + occurrences + countedMinutes + notifications + telegramUpdates;
        }
    }

    /** Delivery statuses whose body is dropped after {@code triage.retention.bodies}. */
    private static final Set<DeliveryStatus> PROCESSED = EnumSet.of(DeliveryStatus.DONE, DeliveryStatus.IGNORED);
    /** Delivery statuses kept for inspection, whose body is dropped after {@code triage.retention.rejected-bodies}. */
    private static final Set<DeliveryStatus> KEPT_TO_INSPECT = EnumSet.of(DeliveryStatus.REJECTED,
            DeliveryStatus.FAILED);

    private final Deliveries deliveries;
    private final Occurrences occurrences;
    private final NotificationClaims notifications;
    private final TelegramMessages telegram;
    private final Clock clock;
    private final TriageConfig.Retention config;
    private volatile boolean stopping;

    public RetentionService(Deliveries deliveries, Occurrences occurrences, NotificationClaims notifications,
            TelegramMessages telegram, Clock clock, TriageConfig config) {
        this.deliveries = deliveries;
        this.occurrences = occurrences;
        this.notifications = notifications;
        this.telegram = telegram;
        this.clock = clock;
        this.config = config.retention();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** One pass: everything past its retention at the clock's now, batch by batch, until nothing is left. */
    public Report run() {
        Instant now = clock.instant();
        // rows first: a row past its retention is deleted with its body, never rewritten just before
        long deleted = batches(deliveries::deleteFinished, now, config.deliveries());
        long bodies = batches((cutoff, limit) -> deliveries.dropBodies(PROCESSED, cutoff, limit), now, config.bodies())
                + batches((cutoff, limit) -> deliveries.dropBodies(KEPT_TO_INSPECT, cutoff, limit), now,
                        config.rejectedBodies());
        Duration keepOccurrences = config.occurrences();
        if (!keepOccurrences.isZero() && keepOccurrences.compareTo(OCCURRENCE_FLOOR) < 0) {
            keepOccurrences = OCCURRENCE_FLOOR;
        }
        long occurred = batches(occurrences::deleteBefore, now, keepOccurrences);
        long minutes = batches(occurrences::deleteMinutesBefore, now, Occurrences.MINUTES_KEPT);
        long sent = batches(notifications::deleteFinishedBefore, now, config.notifications());
        long updates = batches(telegram::pruneUpdates, now, config.notifications());
        Report report = new Report(bodies, deleted, occurred, minutes, sent, updates);
        if (report.total() > 0) {
            LOG.infof("retention: %d delivery bodies dropped, %d deliveries, %d occurrences, %d per-minute counts, "
                    + "%d notifications and %d Telegram update ids deleted", bodies, deleted, occurred, minutes, sent,
                    updates);
        }
        return report;
    }

    /** One batch of a statement: removes up to {@code limit} rows older than {@code cutoff}; returns how many. */
    @FunctionalInterface
    private interface Batch {
        int run(Instant cutoff, int limit);
    }

    /** Runs {@code batch} until it changes fewer rows than the limit; 0 retention runs nothing. */
    private long batches(Batch batch, Instant now, Duration retention) {
        if (retention.isZero() || retention.isNegative()) {
            return 0;
        }
        Instant cutoff = now.minus(retention);
        int limit = config.batchSize();
        long total = 0;
        try {
            while (!stopping) {
                long started = System.nanoTime();
                int changed = batch.run(cutoff, limit);
                total += changed;
                if (changed < limit) {
                    break;
                }
                pause(pauseAfter(Duration.ofNanos(System.nanoTime() - started), config.pause(), config.busyShare()));
            }
        } catch (PersistenceException e) {
            // the next pass goes on from where this one stopped; nothing is half done (each batch is atomic)
            LOG.warnf("retention stopped after %d rows: %s (SQL state %s)", total, e.getClass().getSimpleName(),
                    sqlState(e));
        }
        return total;
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /**
     * The pause after a batch that took {@code took}: at least {@code pause}, and long enough that statements take at
     * most {@code busyShare} of the pass's time (a batch slowed down by a busy database waits longer after it, so
     * retention yields to intake when intake needs the database most).
     */
    static Duration pauseAfter(Duration took, Duration pause, double busyShare) {
        if (busyShare <= 0 || busyShare >= 1) {
            return pause;
        }
        Duration share = Duration.ofNanos((long) (took.toNanos() * (1 - busyShare) / busyShare));
        return share.compareTo(pause) > 0 ? share : pause;
    }

    private void pause(Duration pause) {
        long millis = pause.toMillis();
        if (millis <= 0) {
            return;
        }
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
