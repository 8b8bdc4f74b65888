package dev.sentrytriage.worker;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.incident.Incident;
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

    /** Applies the delivery; returns the incident id, or null when the lease was lost and nothing was applied. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Long process(UUID id, UUID leaseToken) throws IOException {
        List<Object[]> rows = em.createNativeQuery(
                "select resource, body, received_at from delivery where id = ?1 and lease_token = ?2 for update")
                .setParameter(1, id).setParameter(2, leaseToken).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        SentryResource resource = SentryResource.fromHeader((String) row[0]);
        JsonNode payload = mapper.readTree((byte[]) row[1]);
        Instant receivedAt = toInstant(row[2]);
        IssueContext context = parser.parse(resource, payload);
        Incident incident = incidents.apply(context, id, receivedAt);
        em.flush();
        em.createNativeQuery("""
                update delivery set status = 'DONE', processed_at = ?3, incident_id = ?4, lease_token = null,
                                    lease_until = null, last_error = null
                where id = ?1 and lease_token = ?2""")
                .setParameter(1, id).setParameter(2, leaseToken)
                .setParameter(3, Timestamp.from(clock.instant())).setParameter(4, incident.id)
                .executeUpdate();
        return incident.id;
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
