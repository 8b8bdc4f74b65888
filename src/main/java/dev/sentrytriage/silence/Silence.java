package dev.sentrytriage.silence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A stored silence (table {@code silence}); {@link SilenceService} turns it into a {@link SilenceRule}. */
@Entity
@Table(name = "silence")
public class Silence extends PanacheEntityBase {

    @Id
    public UUID id;
    /** JSON array of {@code {"field","op","value"}}. */
    public String matchers;
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "ends_at")
    public Instant endsAt;
    public String comment;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "recur_days")
    public String recurDays;
    @Column(name = "recur_start")
    public String recurStart;
    @Column(name = "recur_duration")
    public String recurDuration;
    @Column(name = "recur_zone")
    public String recurZone;
}
