package dev.sentrytriage.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import dev.sentrytriage.intake.DeliveryStatus;
import io.agroal.api.AgroalDataSource;

/**
 * Reads the delivery inbox for operators: rejected and failed deliveries are kept there for inspection. Plain JDBC
 * reads, like the inbox itself; nothing here changes a delivery.
 */
@ApplicationScoped
public class DeliveryApiService {

    private static final String COLUMNS = """
            select id, received_at, resource, action, request_id, status, attempts, next_attempt_at, processed_at,
                   last_error, incident_id, octet_length(body)
            from delivery""";

    private final AgroalDataSource dataSource;

    public DeliveryApiService(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Deliveries in the given statuses (all when empty), newest first, after {@code cursor}. */
    public DeliveryPage list(Set<DeliveryStatus> statuses, int limit, String cursor) {
        Cursor after = Cursor.decode(cursor);
        UUID afterId = after == null ? null : uuid(after.id(), true);
        StringBuilder sql = new StringBuilder(COLUMNS).append(" where true");
        if (!statuses.isEmpty()) {
            sql.append(" and status = any (?)");
        }
        if (after != null) {
            sql.append(" and (received_at, id) < (?, ?)");
        }
        sql.append(" order by received_at desc, id desc limit ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            if (!statuses.isEmpty()) {
                ps.setArray(p++, c.createArrayOf("text", statuses.stream().map(Enum::name).toArray()));
            }
            if (after != null) {
                ps.setTimestamp(p++, Timestamp.from(after.time()));
                ps.setObject(p++, afterId);
            }
            ps.setInt(p, limit + 1);
            List<DeliveryView> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(view(rs));
                }
            }
            boolean more = items.size() > limit;
            if (more) {
                items = items.subList(0, limit);
            }
            DeliveryView last = more ? items.get(items.size() - 1) : null;
            return new DeliveryPage(items, last == null ? null : new Cursor(last.receivedAt(), last.id().toString()).encode());
        } catch (SQLException e) {
            throw new PersistenceException("deliveries could not be read", e);
        }
    }

    /** One delivery by id. */
    public DeliveryView get(String id) {
        UUID uuid = uuid(id, false);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(COLUMNS + " where id = ?")) {
            ps.setObject(1, uuid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new DeliveryNotFoundException(id);
                }
                return view(rs);
            }
        } catch (SQLException e) {
            throw new PersistenceException("delivery could not be read", e);
        }
    }

    /** The exact bytes Sentry sent for a delivery, unless retention has dropped them. */
    public byte[] body(String id) {
        UUID uuid = uuid(id, false);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select body from delivery where id = ?")) {
            ps.setObject(1, uuid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new DeliveryNotFoundException(id);
                }
                byte[] body = rs.getBytes(1);
                if (body == null) {
                    throw new BodyDroppedException(id);
                }
                return body;
            }
        } catch (SQLException e) {
            throw new PersistenceException("delivery could not be read", e);
        }
    }

    private static DeliveryView view(ResultSet rs) throws SQLException {
        return new DeliveryView(rs.getObject(1, UUID.class), instant(rs, 2), rs.getString(3), rs.getString(4),
                rs.getString(5), DeliveryStatus.valueOf(rs.getString(6)), rs.getInt(7), instant(rs, 8), instant(rs, 9),
                rs.getString(10), rs.getObject(11, Long.class), rs.getObject(12, Integer.class));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static UUID uuid(String id, boolean fromCursor) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            if (fromCursor) {
                throw new InvalidParameterException("cursor is not one this API handed out; start again without it");
            }
            throw new DeliveryNotFoundException(id);
        }
    }
}
