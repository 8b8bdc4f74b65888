package dev.sentrytriage.worker;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.db.SqlTime;
import dev.sentrytriage.incident.IncidentService;
import dev.sentrytriage.sentry.IssueContext;
import dev.sentrytriage.sentry.SentryPayloadParser;
import dev.sentrytriage.sentry.SentryResource;

/**
 * Turns one claimed delivery into its incident change, in one transaction that also marks the delivery done. The
 * transaction commits only while the lease is still ours, so a delivery is applied exactly once even when a slow
 * worker's lease expired and another worker took it over.
 */
@ApplicationScoped
public class DeliveryProcessor {

    private static final String MARK_DONE = """
            update delivery d set status = 'DONE', processed_at = ?, incident_id = v.incident_id, lease_token = null,
                                  lease_until = null, last_error = null
            from unnest(?::uuid[], ?::bigint[]) as v(id, incident_id)
            where d.id = v.id and d.lease_token = ?""";
    private static final String MARK_FAILED = """
            update delivery set status = 'FAILED', processed_at = ?, last_error = ?, lease_token = null, lease_until = null
            where id = ? and lease_token = ?""";

    private final EntityManager em;
    private final SentryPayloadParser parser;
    private final IncidentService incidents;
    private final ObjectMapper mapper;
    private final Clock clock;

    public DeliveryProcessor(EntityManager em, SentryPayloadParser parser, IncidentService incidents,
            ObjectMapper mapper, Clock clock) {
        this.em = em;
        this.parser = parser;
        this.incidents = incidents;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Applies a whole claimed batch in one transaction (one commit instead of one per delivery). Incidents are
     * locked in one fixed order (by source, project, issue id), so two workers' batches never deadlock on them.
     * Deliveries whose lease was lost are left out (a batch of one whose lease was lost settles nothing). A stored body
     * that cannot be read as an incident (no retry would change that) is marked {@code FAILED} with the reason, in the
     * same transaction, and does not stop the others. Any other failure rolls the whole batch back: the caller then
     * applies the deliveries one by one, so one bad delivery cannot hold back the others.
     *
     * @return how many deliveries were applied, and how many failed for good
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public Result process(List<UUID> ids, UUID leaseToken) throws IOException {
        List<Object[]> rows = em.createNativeQuery("""
                select id, resource, body, received_at from delivery
                where id in (:ids) and lease_token = :token for update""")
                .setParameter("ids", ids).setParameter("token", leaseToken).getResultList();
        List<Parsed> parsed = new ArrayList<>(rows.size());
        List<UUID> unreadable = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Object[] row : rows) {
            String unusable;
            try {
                IssueContext context = parser.parse(SentryResource.fromHeader((String) row[1]),
                        mapper.readTree(SentryResource.decode((byte[]) row[2])));
                unusable = context.issueId() == null ? "payload has no issue id" : null;
                if (unusable == null) {
                    parsed.add(new Parsed((UUID) row[0], context, SqlTime.instant(row[3])));
                }
            } catch (JsonProcessingException e) {
                unusable = "body is not JSON"; // Jackson's message may quote the body: not kept
            } catch (IllegalArgumentException e) {
                unusable = e.getMessage();
            }
            if (unusable != null) {
                unreadable.add((UUID) row[0]);
                reasons.add("cannot be made an incident: " + unusable);
            }
        }
        parsed.sort(Parsed.LOCK_ORDER);
        Timestamp now = Timestamp.from(clock.instant());
        UUID[] done = new UUID[parsed.size()];
        Long[] incidentIds = new Long[parsed.size()];
        for (int i = 0; i < parsed.size(); i++) {
            Parsed p = parsed.get(i);
            done[i] = p.id();
            incidentIds[i] = incidents.apply(p.context(), p.id(), p.receivedAt()).id;
        }
        em.flush();
        // the rows are locked by the select above (lease still ours): all of them are marked done in one statement
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(MARK_DONE)) {
                ps.setTimestamp(1, now);
                ps.setArray(2, connection.createArrayOf("uuid", done));
                ps.setArray(3, connection.createArrayOf("bigint", incidentIds));
                ps.setObject(4, leaseToken);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement(MARK_FAILED)) {
                for (int i = 0; i < unreadable.size(); i++) {
                    ps.setTimestamp(1, now);
                    ps.setString(2, reasons.get(i));
                    ps.setObject(3, unreadable.get(i));
                    ps.setObject(4, leaseToken);
                    ps.addBatch();
                }
                if (!unreadable.isEmpty()) {
                    ps.executeBatch();
                }
            }
        });
        return new Result(parsed.size(), unreadable.size());
    }

    /** What one call settled: deliveries applied to their incident, and deliveries failed for good. */
    public record Result(int applied, int failed) {
        /** Whether nothing was settled: the lease was lost (or the ids were not claimed). */
        public boolean none() {
            return applied == 0 && failed == 0;
        }
    }

    private record Parsed(UUID id, IssueContext context, Instant receivedAt) {
        static final Comparator<Parsed> LOCK_ORDER = Comparator.comparing((Parsed p) -> p.context().source())
                .thenComparing(p -> p.context().project())
                .thenComparing(p -> p.context().issueId())
                .thenComparing(Parsed::receivedAt);
    }

}
