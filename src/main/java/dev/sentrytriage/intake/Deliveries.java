package dev.sentrytriage.intake;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.hibernate.id.uuid.UuidVersion7Strategy;
import org.hibernate.query.NativeQuery;

import dev.sentrytriage.infra.Rows;
import dev.sentrytriage.text.StoredText;
import io.agroal.api.AgroalDataSource;

/**
 * The owner of the {@code delivery} table: every statement on it, for the intake, the worker, the API, the board,
 * the backlog figures and retention. Native statements through Hibernate, in the caller's transaction unless a method
 * says otherwise, except two that stay plain JDBC because the benchmark showed they matter (bench/README.md): the
 * intake's group-commit insert, on a pooled connection of its own with no session or transaction manager on the
 * request path, and the worker's mark-done, one statement for a whole batch with its ids as arrays.
 */
@ApplicationScoped
public class Deliveries {

    /**
     * A whole batch in one statement, one array per column: PostgreSQL pays its per-statement cost (parse, bind,
     * execute, the executor's start and end) once per batch instead of once per row. A row whose digest is already
     * stored, by an earlier batch or by an earlier row of this one, is left out of what it returns.
     */
    private static final String INSERT = """
            insert into delivery (id, received_at, resource, action, request_id, hook_timestamp, digest, body,
                                  status, next_attempt_at, last_error, source)
            select r.id, ?::timestamptz, r.resource, r.action, r.request_id, r.hook_timestamp, r.digest, r.body,
                   r.status, ?::timestamptz, r.last_error, r.source
            from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[], ?::bytea[], ?::text[],
                        ?::text[], ?::text[])
                 with ordinality as r(id, resource, action, request_id, hook_timestamp, digest, body, status,
                                      last_error, source, n)
            order by r.n
            on conflict (digest) do nothing
            returning id""";
    private static final String BY_DIGEST = "select id, status from delivery where digest = ?";
    /**
     * The claim is the row lock of the transaction that applies the deliveries: nothing is written to claim them, and
     * a worker that dies frees its rows at once (its connection ends). {@code PROCESSING} rows are claims with a lease
     * left by an earlier release of the service (claimed in a transaction of their own); they are taken over once
     * their lease has expired.
     */
    private static final String CLAIMED = "select id, source, resource, request_id, body, received_at from delivery";
    private static final String LOCK_DUE = CLAIMED + """

            where ((status = 'PENDING' and next_attempt_at <= :now) or (status = 'PROCESSING' and lease_until < :now))
              and id not in (:skipped)
            order by next_attempt_at
            limit :limit
            for update skip locked""";
    private static final String LOCK_ONE = CLAIMED + """

            where id = ?1 and (status = 'PENDING' or (status = 'PROCESSING' and lease_until < ?2))
            for update skip locked""";
    private static final String RELEASE = """
            update delivery set status = ?2, next_attempt_at = ?3, last_error = ?4, attempts = attempts + 1,
                                lease_token = null, lease_until = null
            where id = ?1 and status in ('PENDING', 'PROCESSING')""";
    private static final String MARK_DONE = """
            update delivery d set status = 'DONE', processed_at = ?, incident_id = v.incident_id,
                                  attempts = d.attempts + 1, lease_token = null, lease_until = null, last_error = null
            from unnest(?::uuid[], ?::bigint[]) as v(id, incident_id)
            where d.id = v.id""";
    private static final String MARK_FAILED = """
            update delivery set status = 'FAILED', processed_at = ?, last_error = ?, attempts = attempts + 1,
                                lease_token = null, lease_until = null
            where id = ?""";
    private static final String VIEW = """
            select id, received_at, resource, action, request_id, status, attempts, next_attempt_at, processed_at,
                   last_error, incident_id, octet_length(body)
            from delivery""";
    private static final String OF_INCIDENT = """
            select id, received_at, resource, action, status from delivery where incident_id = ?1
            order by received_at desc limit ?2""";
    private static final String UNFINISHED = """
            select count(*), min(received_at) from delivery where status in ('PENDING', 'PROCESSING')""";
    private static final String DROP_BODIES = """
            update delivery set body = null
            where id in (select id from delivery
                         where body is not null and status in (?3) and received_at < ?1
                         limit ?2 for update skip locked)""";
    private static final String DELETE_FINISHED = """
            delete from delivery
            where id in (select id from delivery
                         where status in ('DONE', 'IGNORED', 'REJECTED', 'FAILED') and received_at < ?1
                         limit ?2 for update skip locked)""";

    private static final UUID NO_DELIVERY = new UUID(0, 0);

    private final AgroalDataSource dataSource;
    private final EntityManager em;

    public Deliveries(AgroalDataSource dataSource, EntityManager em) {
        this.dataSource = dataSource;
        this.em = em;
    }

    /** A delivery to store: what was received, its status and why (or null), and the digest that identifies it. */
    public record New(Delivery delivery, DeliveryStatus status, String reason, byte[] digest) {
    }

    /** A claimed delivery as the worker reads it to apply it. */
    public record Claimed(UUID id, String source, String resource, String requestId, byte[] body,
            Instant receivedAt) {
    }

    /** A delivery of an incident, as its page lists it. */
    public record OfIncident(UUID id, Instant receivedAt, String resource, String action, DeliveryStatus status) {
    }

    /** Deliveries not yet finished (pending or being processed), and when the oldest was received (null if none). */
    public record Unfinished(long count, Instant oldestReceivedAt) {
    }

    /** A delivery's stored body; {@code bytes} null once retention dropped it. */
    public record Body(byte[] bytes) {
    }

    /**
     * Stores {@code rows} in one transaction on a connection of its own, received at {@code now}, and answers each
     * in order: its new id, or the delivery already stored with its digest. Plain JDBC: the intake's hot path (one
     * statement, one round trip and one commit for a whole batch of requests). New ids are time-ordered (UUID version
     * 7), so the primary key grows at its right edge instead of writing into random pages of its whole index.
     */
    public List<StoredDelivery> insert(List<New> rows, Instant now) throws SQLException {
        UUID[] ids = new UUID[rows.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = UuidVersion7Strategy.INSTANCE.generateUuid(null); // time-ordered; no session needed
        }
        List<StoredDelivery> stored = new ArrayList<>(rows.size());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<UUID> inserted = new HashSet<>(ids.length * 2);
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    Timestamp at = Timestamp.from(now);
                    ps.setTimestamp(1, at); // received
                    ps.setTimestamp(2, at); // due
                    ps.setArray(3, c.createArrayOf("uuid", ids));
                    ps.setArray(4, texts(c, rows, r -> Objects.requireNonNullElse(
                            StoredText.clean(r.delivery().resource(), StoredText.MAX_SHORT), "unknown")));
                    ps.setArray(5, hints(c, rows, Delivery::action));
                    ps.setArray(6, hints(c, rows, Delivery::requestId));
                    ps.setArray(7, hints(c, rows, Delivery::hookTimestamp));
                    ps.setArray(8, c.createArrayOf("bytea", rows.stream().map(New::digest).toArray(byte[][]::new)));
                    ps.setArray(9, c.createArrayOf("bytea",
                            rows.stream().map(r -> r.delivery().body()).toArray(byte[][]::new)));
                    ps.setArray(10, texts(c, rows, r -> r.status().name()));
                    ps.setArray(11, texts(c, rows, New::reason));
                    ps.setArray(12, texts(c, rows, r -> r.delivery().source()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            inserted.add(rs.getObject(1, UUID.class));
                        }
                    }
                }
                for (int i = 0; i < ids.length; i++) {
                    New row = rows.get(i);
                    stored.add(inserted.contains(ids[i]) ? new StoredDelivery(ids[i], row.status(), false)
                            : existing(c, row.digest()));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            }
        }
        return stored;
    }

    /** A header hint of each row, cleaned to what can be stored (no NUL, no lone surrogate, capped). */
    private static Array hints(Connection c, List<New> rows, Function<Delivery, String> hint) throws SQLException {
        return texts(c, rows, r -> StoredText.clean(hint.apply(r.delivery()), StoredText.MAX_SHORT));
    }

    /** One text column of the batch, a value a row, for the insert's {@code unnest}. */
    private static Array texts(Connection c, List<New> rows, Function<New, String> column) throws SQLException {
        return c.createArrayOf("text", rows.stream().map(column).toArray(String[]::new));
    }

    private static StoredDelivery existing(Connection c, byte[] digest) throws SQLException {
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

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }

    /**
     * Locks (claims) up to {@code limit} deliveries due at {@code now}, except {@code skipped}, for the caller's
     * transaction, which applies and settles them; rows another transaction holds are skipped.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Claimed> lockDue(Instant now, int limit, Collection<UUID> skipped) {
        List<UUID> none = new ArrayList<>(skipped);
        none.add(NO_DELIVERY); // "not in ()" is not SQL
        return claimed(em.createNativeQuery(LOCK_DUE)
                .setParameter("now", Timestamp.from(now))
                .setParameter("limit", limit)
                .setParameter("skipped", none));
    }

    /** Locks one delivery that is still to be applied (claimed by nobody else): as {@link #lockDue}, due or not. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Claimed> lockOne(UUID id, Instant now) {
        return claimed(em.createNativeQuery(LOCK_ONE).setParameter(1, id).setParameter(2, Timestamp.from(now)));
    }

    private static List<Claimed> claimed(Query query) {
        return Rows.as(query, r -> new Claimed(r.uuid(0), r.text(1), r.text(2), r.text(3), r.bytes(4), r.instant(5)))
                .getResultList();
    }

    /** How many times the delivery was tried. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int attempts(UUID id) {
        return Rows.as(em.createNativeQuery("select attempts from delivery where id = ?1 for update"), r -> r.integer(0))
                .setParameter(1, id).getSingleResult();
    }

    /**
     * Records a failed attempt of a delivery still to be applied: {@code status} (pending again, or failed for good)
     * due at {@code next}. Nothing happens if another worker applied it meanwhile.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void release(UUID id, DeliveryStatus status, Instant next, String error) {
        em.createNativeQuery(RELEASE)
                .setParameter(1, id)
                .setParameter(2, status.name())
                .setParameter(3, Timestamp.from(next))
                .setParameter(4, error)
                .executeUpdate();
    }

    /**
     * Settles deliveries this transaction locked: {@code done} (delivery to the incident it
     * recorded, or null) in one statement, {@code failed} (delivery to the reason) for good. Flushes nothing: the
     * caller flushes first what the deliveries changed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void settle(Map<UUID, Long> done, Map<UUID, String> failed, Instant now) {
        Timestamp at = Timestamp.from(now);
        UUID[] ids = done.keySet().toArray(UUID[]::new);
        Long[] incidentIds = done.values().toArray(Long[]::new);
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(MARK_DONE)) {
                ps.setTimestamp(1, at);
                ps.setArray(2, connection.createArrayOf("uuid", ids));
                ps.setArray(3, connection.createArrayOf("bigint", incidentIds));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement(MARK_FAILED)) {
                for (Map.Entry<UUID, String> f : failed.entrySet()) {
                    ps.setTimestamp(1, at);
                    ps.setString(2, f.getValue());
                    ps.setObject(3, f.getKey());
                    ps.addBatch();
                }
                if (!failed.isEmpty()) {
                    ps.executeBatch();
                }
            }
        });
    }

    /**
     * Up to {@code limit} deliveries in {@code statuses} (all when empty), newest first, received before
     * {@code afterTime} or then with an id below {@code afterId} (both null: from the newest).
     */
    @Transactional
    public List<DeliveryView> list(Set<DeliveryStatus> statuses, Instant afterTime, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder(VIEW).append(" where true");
        if (!statuses.isEmpty()) {
            sql.append(" and status in (:statuses)");
        }
        if (afterTime != null) {
            sql.append(" and (received_at, id) < (:time, :id)");
        }
        sql.append(" order by received_at desc, id desc limit :limit");
        NativeQuery<DeliveryView> query = views(sql.toString()).setParameter("limit", limit);
        if (!statuses.isEmpty()) {
            query.setParameter("statuses", statuses.stream().map(Enum::name).toList());
        }
        if (afterTime != null) {
            query.setParameter("time", Timestamp.from(afterTime)).setParameter("id", afterId);
        }
        return query.getResultList();
    }

    /** One delivery, if stored. */
    @Transactional
    public Optional<DeliveryView> find(UUID id) {
        return views(VIEW + " where id = ?1").setParameter(1, id).getResultList().stream().findFirst();
    }

    private NativeQuery<DeliveryView> views(String sql) {
        return Rows.as(em.createNativeQuery(sql), r -> new DeliveryView(r.uuid(0), r.instant(1), r.text(2),
                r.text(3), r.text(4), r.name(5, DeliveryStatus.class), r.integer(6), r.instant(7), r.instant(8),
                r.text(9), r.whole(10), r.integer(11)));
    }

    /** A delivery's body, if the delivery is stored. */
    @Transactional
    public Optional<Body> body(UUID id) {
        return Rows.as(em.createNativeQuery("select body from delivery where id = ?1"), r -> new Body(r.bytes(0)))
                .setParameter(1, id).getResultList().stream().findFirst();
    }

    /** The latest {@code limit} deliveries recorded for an incident, newest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<OfIncident> ofIncident(long incidentId, int limit) {
        return Rows.as(em.createNativeQuery(OF_INCIDENT), r -> new OfIncident(r.uuid(0), r.instant(1), r.text(2),
                r.text(3), r.name(4, DeliveryStatus.class)))
                .setParameter(1, incidentId).setParameter(2, limit).getResultList();
    }

    /** The worker's backlog, over the partial index of unfinished deliveries. */
    @Transactional
    public Unfinished unfinished() {
        return Rows.as(em.createNativeQuery(UNFINISHED), r -> new Unfinished(r.whole(0), r.instant(1)))
                .getSingleResult();
    }

    /**
     * Drops the bodies of up to {@code limit} deliveries in {@code statuses} received before {@code cutoff}, skipping
     * rows another transaction holds; its own transaction. Returns how many.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int dropBodies(Collection<DeliveryStatus> statuses, Instant cutoff, int limit) {
        return em.createNativeQuery(DROP_BODIES).setParameter(1, Timestamp.from(cutoff)).setParameter(2, limit)
                .setParameter(3, statuses.stream().map(Enum::name).toList()).executeUpdate();
    }

    /**
     * Deletes up to {@code limit} finished deliveries received before {@code cutoff} (and with them their digest),
     * skipping rows another transaction holds; its own transaction. Returns how many.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteFinished(Instant cutoff, int limit) {
        return em.createNativeQuery(DELETE_FINISHED).setParameter(1, Timestamp.from(cutoff)).setParameter(2, limit)
                .executeUpdate();
    }
}
