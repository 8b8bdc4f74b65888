package dev.sentrytriage.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/**
 * The worker backlog as the delivery table shows it: deliveries not yet finished (pending or being processed) and
 * the age of the oldest, over the partial index of unfinished deliveries. Every replica sees the same backlog, since
 * they share the table.
 */
@ApplicationScoped
public class BacklogProbe {

    private static final String QUERY = """
            select count(*), min(received_at) from delivery where status in ('PENDING', 'PROCESSING')""";
    private static final long MAX_STALENESS_NANOS = Duration.ofSeconds(1).toNanos();

    /** Unfinished deliveries and the age of the oldest ({@link Duration#ZERO} when there is none). */
    public record Backlog(long size, Duration oldest) {
    }

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private volatile Backlog cached;
    private volatile long cachedAt;

    public BacklogProbe(AgroalDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The current backlog, read now. */
    public Backlog backlog() throws SQLException {
        return read();
    }

    /** The backlog read at most a second ago: metrics scrapes of several collectors cost one query. */
    public Backlog recentBacklog() throws SQLException {
        Backlog value = cached;
        if (value != null && System.nanoTime() - cachedAt < MAX_STALENESS_NANOS) {
            return value;
        }
        value = read();
        cached = value;
        cachedAt = System.nanoTime();
        return value;
    }

    private Backlog read() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(QUERY);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long size = rs.getLong(1);
            OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
            Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), Instant.now(clock));
            return new Backlog(size, age.isNegative() ? Duration.ZERO : age);
        }
    }
}
