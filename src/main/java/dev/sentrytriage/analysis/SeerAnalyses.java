package dev.sentrytriage.analysis;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.AnalysisColumns;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentChanged;
import dev.sentrytriage.incident.IncidentService;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Via;
import dev.sentrytriage.sentry.SeerEvent;

/**
 * Applies what Seer (Sentry's AI) says about an incident's Sentry issue, in the worker's transaction. Its root cause
 * and solution become the incident's analysis ({@code analyzed_by seer}, confidence unknown: Seer gives none); with
 * {@code triage.analyzer.prefer-seer} (default) the episode's pending AI analysis is skipped and a later AI answer
 * does not replace Seer's, without it Seer fills in only where no AI has answered and the AI still runs. The
 * episode's waiting message is released, or the sent one edited. A pull request becomes a button; every step is an
 * entry of the incident's timeline.
 */
@ApplicationScoped
public class SeerAnalyses {

    /** {@code analyzed_by} of Seer's analysis. */
    public static final String SEER = "seer";

    private final IncidentService incidents;
    private final AnalysisClaims claims;
    private final AnalysisColumns columns;
    private final Event<IncidentChanged> changes;
    private final boolean preferSeer;

    public SeerAnalyses(IncidentService incidents, AnalysisClaims claims, AnalysisColumns columns,
            Event<IncidentChanged> changes, TriageConfig config) {
        this.incidents = incidents;
        this.columns = columns;
        this.claims = claims;
        this.changes = changes;
        this.preferSeer = config.analyzer().preferSeer();
    }

    /** Applies one Seer event; returns its incident's id, or null when no incident has that Sentry issue. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Long apply(SeerEvent event, Instant now) {
        if (event.issueId() == null) {
            return null;
        }
        // after the batch's own incidents, outside their order: fails rather than waits while it holds them
        Incident incident = incidents.lockFirst(Incident.find("source = ?1 and issueId = ?2",
                IssueContext.SOURCE_ISSUE, event.issueId()));
        if (incident == null) {
            return null;
        }
        String run = event.runId() == null ? null : "run " + event.runId();
        switch (event.kind()) {
            case ROOT_CAUSE, SOLUTION -> {
                incidents.note(incident, event.kind() == SeerEvent.Kind.ROOT_CAUSE ? "SEER_ROOT_CAUSE" : "SEER_SOLUTION",
                        SEER, Via.SENTRY, run, now);
                if (event.text() != null && takes(incident)) {
                    analysis(incident, event, now);
                }
            }
            case CODING_STARTED -> incidents.note(incident, "SEER_CODING", SEER, Via.SENTRY, run, now);
            case PR_CREATED -> {
                incidents.note(incident, "SEER_PR", SEER, Via.SENTRY, event.prUrl(), now);
                if (event.prUrl() != null && !event.prUrl().equals(incident.seerPrUrl)) {
                    incident.seerPrUrl = event.prUrl();
                    columns.write(incident);
                    changes.fire(new IncidentChanged(incident.id, IncidentChanged.Change.UPDATED, Via.SENTRY, now));
                }
            }
            case OTHER -> {
            }
        }
        return incident.id;
    }

    /** Whether Seer's answer becomes the analysis: preferred, or no AI has answered this incident. */
    private boolean takes(Incident incident) {
        return preferSeer || incident.analyzedBy == null || SEER.equals(incident.analyzedBy)
                || incident.analyzedBy.startsWith("heuristic");
    }

    private void analysis(Incident incident, SeerEvent event, Instant now) {
        if (!SEER.equals(incident.analyzedBy)) {
            // another analyzer's parts do not belong with Seer's
            incident.rootCause = null;
            incident.impact = null;
            incident.fixSuggestion = null;
            incident.prevention = null;
        }
        if (event.kind() == SeerEvent.Kind.ROOT_CAUSE) {
            incident.rootCause = event.text();
        } else {
            incident.fixSuggestion = event.text();
        }
        incident.confidence = null; // Seer's webhooks carry none: unknown
        incident.analyzedBy = SEER;
        incident.analyzedAt = now;
        columns.write(incident);
        if (preferSeer && incident.analysisDueAt != null) {
            incident.analysisDueAt = null; // the episode's pending AI analysis is not needed any more
            incident.analysisAttempts = 0;
        }
        claims.analysed(incident.id, true, Via.SENTRY, now);
    }
}
