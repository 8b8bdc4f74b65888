package dev.sentrytriage.intake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/**
 * The durable inbox of deliveries. One insert per request, straight over JDBC: the request path needs no ORM, and
 * the unique digest makes a replayed body a duplicate instead of a second delivery.
 */
@ApplicationScoped
public class DeliveryInbox {

    private static final String INSERT = """
            insert into delivery (id, received_at, resource, action, request_id, hook_timestamp, digest, body,
                                  status, next_attempt_at, last_error)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (digest) do nothing""";
    private static final String BY_DIGEST = "select id, status from delivery where digest = ?";

    private final AgroalDataSource dataSource;
    private final Clock clock;

    public DeliveryInbox(AgroalDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Stores a verified delivery with the given status, or finds the one already stored with the same body.
     *
     * @throws SQLException when the database cannot be reached or refuses the insert: nothing was stored
     */
    public StoredDelivery store(Delivery delivery, DeliveryStatus status, String reason) throws SQLException {
        byte[] digest = digest(delivery.body());
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now(clock));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setObject(1, id);
                ps.setTimestamp(2, now);
                ps.setString(3, delivery.resource());
                ps.setString(4, delivery.action());
                ps.setString(5, delivery.requestId());
                ps.setString(6, delivery.hookTimestamp());
                ps.setBytes(7, digest);
                ps.setBytes(8, delivery.body());
                ps.setString(9, status.name());
                ps.setTimestamp(10, now);
                ps.setString(11, reason);
                if (ps.executeUpdate() == 1) {
                    return new StoredDelivery(id, status, false);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(BY_DIGEST)) {
                ps.setBytes(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("delivery vanished between insert and lookup");
                    }
                    return new StoredDelivery(rs.getObject(1, UUID.class), DeliveryStatus.valueOf(rs.getString(2)), true);
                }
            }
        }
    }

    static byte[] digest(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
