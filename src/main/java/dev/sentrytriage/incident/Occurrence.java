package dev.sentrytriage.incident;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One occurrence of an incident (one applied delivery), for the recurrence counts. Written through the session, so
 * the occurrences of a worker batch go to the database as one JDBC batch at flush, which the driver sends as a few
 * multi-row inserts (application.properties), instead of one statement each.
 */
@Entity
@Table(name = "incident_occurrence")
public class Occurrence extends PanacheEntityBase {

    /** The delivery this occurrence came from: one occurrence per delivery. */
    @Id
    @Column(name = "delivery_id")
    public UUID deliveryId;

    @Column(name = "incident_id", nullable = false)
    public long incidentId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    public static Occurrence of(long incidentId, Instant occurredAt, UUID deliveryId) {
        Occurrence o = new Occurrence();
        o.incidentId = incidentId;
        o.occurredAt = occurredAt;
        o.deliveryId = deliveryId;
        return o;
    }
}
