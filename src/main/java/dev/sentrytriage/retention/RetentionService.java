package dev.sentrytriage.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Deletes what is no longer needed, oldest first, in batches of {@code triage.retention.batch-size} rows: each
 * statement is its own short transaction (autocommit) and skips rows another transaction holds, so neither intake
 * nor the workers ever wait on it for long. Several replicas may run it at once.
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

    /** The counts of a retention pass read occurrences of the last 7 days; never delete younger ones. */
    static final Duration OCCURRENCE_FLOOR = Duration.ofDays(7);

    private static final Logger LOG = Logger.getLogger(RetentionService.class);

    private static final String DROP_BODIES = """
            update delivery set body = null
            where id in (select id from delivery
                         where body is not null and status in (%s) and received_at < ?
                         limit ? for update skip locked)""";
    private static final String DELETE_DELIVERIES = """
            delete from delivery
            where id in (select id from delivery
                         where status in ('DONE', 'IGNORED', 'REJECTED', 'FAILED') and received_at < ?
                         limit ? for update skip locked)""";
    // occurrences are only ever inserted, so their ctid is stable between the subselect and the delete
    private static final String DELETE_OCCURRENCES = """
            delete from incident_occurrence
            where ctid = any (array(select ctid from incident_occurrence where occurred_at < ? limit ?))""";
    private static final String DELETE_NOTIFICATIONS = """
            delete from notification
            where id in (select n.id from notification n
                         where n.status in ('SENT', 'LOGGED', 'MERGED', 'FAILED', 'DEAD') and n.created_at < ?
                           and not exists (select 1 from telegram_message m where m.notification_id = n.id)
                         limit ? for update of n skip locked)""";
    private static final String DELETE_TELEGRAM_UPDATES = """
            delete from telegram_update
            where update_id in (select update_id from telegram_update where received_at < ? limit ?)""";

    /** What one pass removed. */
    public record Report(long bodies, long deliveries, long occurrences, long notifications, long telegramUpdates) {

        public long total() {
            return bodies + deliveries + occurrences + notifications + telegramUpdates;
        }
    }

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final TriageConfig.Retention config;
    private volatile boolean stopping;

    public RetentionService(AgroalDataSource dataSource, Clock clock, TriageConfig config) {
        this.dataSource = dataSource;
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
        long deliveries = batches(DELETE_DELIVERIES, now, config.deliveries());
        long bodies = batches(DROP_BODIES.formatted("'DONE', 'IGNORED'"), now, config.bodies())
                + batches(DROP_BODIES.formatted("'REJECTED', 'FAILED'"), now, config.rejectedBodies());
        Duration occurrences = config.occurrences();
        if (!occurrences.isZero() && occurrences.compareTo(OCCURRENCE_FLOOR) < 0) {
            occurrences = OCCURRENCE_FLOOR;
        }
        long occurred = batches(DELETE_OCCURRENCES, now, occurrences);
        long notifications = batches(DELETE_NOTIFICATIONS, now, config.notifications());
        long updates = batches(DELETE_TELEGRAM_UPDATES, now, config.notifications());
        Report report = new Report(bodies, deliveries, occurred, notifications, updates);
        if (report.total() > 0) {
            LOG.infof("retention: %d delivery bodies dropped, %d deliveries, %d occurrences, %d notifications and "
                    + "%d Telegram update ids deleted", bodies, deliveries, occurred, notifications, updates);
        }
        return report;
    }

    /** Runs {@code sql} (cutoff, limit) until a batch changes fewer rows than the limit; 0 retention runs nothing. */
    private long batches(String sql, Instant now, Duration retention) {
        if (retention.isZero() || retention.isNegative()) {
            return 0;
        }
        Timestamp cutoff = Timestamp.from(now.minus(retention));
        int limit = config.batchSize();
        long total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            while (!stopping) {
                ps.setTimestamp(1, cutoff);
                ps.setInt(2, limit);
                long started = System.nanoTime();
                int changed = ps.executeUpdate();
                total += changed;
                if (changed < limit) {
                    break;
                }
                pause(pauseAfter(Duration.ofNanos(System.nanoTime() - started), config.pause(), config.busyShare()));
            }
        } catch (SQLException e) {
            // the next pass goes on from where this one stopped; nothing is half done (each batch is atomic)
            LOG.warnf("retention stopped after %d rows: %s (SQL state %s)", total, e.getClass().getSimpleName(),
                    e.getSQLState());
        }
        return total;
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
