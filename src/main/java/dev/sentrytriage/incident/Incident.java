package dev.sentrytriage.incident;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.Formula;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One incident per source issue (source + project + issue id), with its lifecycle, counts, risk and analysis. An
 * update writes every column but the analysis, so the incidents a worker batch changed go to the database as one JDBC
 * batch: Hibernate runs updates that write only the changed columns one statement at a time, and those round trips
 * were a fifth of the worker's time (issue 17, bench/README.md). The analysis columns (its texts, who made it and when,
 * Seer's pull request) are written only by {@link AnalysisColumns}' statements: an update for a new occurrence does
 * not write them again.
 */
@Entity
@Table(name = "incident")
public class Incident extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String source;
    public String project;
    @Column(name = "issue_id")
    public String issueId;
    @Column(name = "short_id")
    public String shortId;
    public String title;
    public String culprit;
    public String level;
    public String platform;
    public String environment;
    public String release;
    @Column(name = "sentry_url")
    public String sentryUrl;
    @Column(name = "triggered_rule")
    public String triggeredRule;
    public String assignee;

    @Enumerated(EnumType.STRING)
    @Column(name = "base_risk")
    public Risk baseRisk;
    @Enumerated(EnumType.STRING)
    public Risk risk;
    @Enumerated(EnumType.STRING)
    public IncidentStatus status;
    @Column(name = "muted_until")
    public Instant mutedUntil;

    public long occurrences;
    public int regressions;
    @Column(name = "sentry_count")
    public Long sentryCount;
    @Column(name = "user_count")
    public Long userCount;
    @Column(name = "first_seen")
    public Instant firstSeen;
    @Column(name = "last_seen")
    public Instant lastSeen;
    @Column(name = "status_changed_at")
    public Instant statusChangedAt;
    @Column(name = "status_changed_by")
    public String statusChangedBy;

    /** The latest issue context (tags, frames, message), for the analyzer and the message; {@code jsonb}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // a record: replaced, never changed in place, so no deep copy per load
    public IssueContext context;

    /** When set, an analysis is due (new incident, regression, escalation). */
    @Column(name = "analysis_due_at")
    public Instant analysisDueAt;
    @Column(name = "analysis_attempts")
    public int analysisAttempts;
    @Column(name = "root_cause", updatable = false)
    public String rootCause;
    @Column(updatable = false)
    public String impact;
    @Column(name = "fix_suggestion", updatable = false)
    public String fixSuggestion;
    @Column(updatable = false)
    public String prevention;
    @Column(updatable = false)
    public Double confidence;
    @Column(name = "analyzed_by", updatable = false)
    public String analyzedBy;
    @Column(name = "analyzed_at", updatable = false)
    public Instant analyzedAt;

    /** The pull request Sentry's Seer opened for the issue, or null. */
    @Column(name = "seer_pr_url", updatable = false)
    public String seerPrUrl;

    /** Where the write-back to Sentry stands ({@code sentry_sync.state}), or null when there was none. Read-only. */
    @Formula("(select s.state from sentry_sync s where s.incident_id = id)")
    public String sentrySyncState;
    /** What the write-back's outcome says ("resolved", "403 ..."), or null. Read-only. */
    @Formula("(select s.detail from sentry_sync s where s.incident_id = id)")
    public String sentrySyncDetail;
    /** When the write-back last changed. Read-only. */
    @Formula("(select s.updated_at from sentry_sync s where s.incident_id = id)")
    public Instant sentrySyncAt;

    @Version
    public long version;

    /** Whether the incident is muted at {@code now} (muted with no end, or until a later time). */
    public boolean mutedAt(Instant now) {
        return status == IncidentStatus.MUTED && (mutedUntil == null || mutedUntil.isAfter(now));
    }
}
