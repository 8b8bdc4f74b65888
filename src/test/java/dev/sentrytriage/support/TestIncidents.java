package dev.sentrytriage.support;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import dev.sentrytriage.incident.AnalysisColumns;
import dev.sentrytriage.incident.Frame;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentService;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Tag;
import dev.sentrytriage.incident.TriageEvent;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Occurrences applied through the real {@link IncidentService}, so the outbox rows are the ones production writes. */
public final class TestIncidents {

    private TestIncidents() {
    }

    /** A context for a new, unique issue of {@code project}; change it with the {@code with} methods of the record. */
    public static IssueContext issue(String project, String level, String title, List<Frame> frames) {
        String issueId = "tg-" + UUID.randomUUID();
        return IssueContext.builder(IssueContext.SOURCE_ISSUE, project, issueId)
                .resource("event_alert").action("triggered").event(TriageEvent.OCCURRENCE)
                .shortId("SHORT-" + issueId.substring(3, 9).toUpperCase()).title(title).culprit("app.checkout in charge")
                .level(level).environment("production").release("shop@1.4.2").platform("python")
                .exceptionType("ValueError").exceptionValue("boom")
                .tags(List.of(new Tag("environment", "production"))).frames(frames)
                .sentryUrl("https://sentry.example.com/organizations/acme/issues/" + issueId.substring(3, 9) + "/")
                .build();
    }

    /** Applies one occurrence of {@code ctx} at {@code at}; returns the incident id. */
    public static long occur(IssueContext ctx, Instant at) {
        IncidentService service = Arc.container().instance(IncidentService.class).get();
        return QuarkusTransaction.requiringNew().call(() -> service.apply(ctx, UUID.randomUUID(), at).id);
    }

    /** Changes the stored incident (e.g. to give it an analysis, written as the service writes one). */
    public static void update(long incidentId, Consumer<Incident> change) {
        AnalysisColumns analysis = Arc.container().instance(AnalysisColumns.class).get();
        QuarkusTransaction.requiringNew().run(() -> {
            Incident incident = Incident.findById(incidentId);
            change.accept(incident);
            analysis.write(incident);
        });
    }

    /** The incident as stored now. */
    public static Incident find(long incidentId) {
        return QuarkusTransaction.requiringNew().call(() -> Incident.findById(incidentId));
    }

    /** The incident of {@code ctx}'s issue as stored now, or null when there is none. */
    public static Incident find(IssueContext ctx) {
        return QuarkusTransaction.requiringNew().call(() -> Incident.<Incident> find(
                "source = ?1 and project = ?2 and issueId = ?3", ctx.source(), ctx.project(), ctx.issueId())
                .firstResult());
    }

    /** The id of the incident of {@code ctx}'s issue. */
    public static long idOf(IssueContext ctx) {
        return find(ctx).id;
    }

    /** The kinds of the incident's timeline entries, oldest first. */
    @SuppressWarnings("unchecked")
    public static List<String> timeline(long incidentId) {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) Incident.getEntityManager()
                .createNativeQuery("select kind from incident_event where incident_id = ?1 order by id")
                .setParameter(1, incidentId).getResultList());
    }

    /** Statuses of the incident's notifications, oldest first. */
    @SuppressWarnings("unchecked")
    public static List<String> statuses(long incidentId) {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) Incident.getEntityManager()
                .createNativeQuery("select status from notification where incident_id = ?1 order by id")
                .setParameter(1, incidentId).getResultList());
    }

    /** Status, attempts and last error of the newest notification of the incident, for assertions. */
    public static Object[] lastNotification(long incidentId) {
        return QuarkusTransaction.requiringNew().call(() -> (Object[]) Incident.getEntityManager()
                .createNativeQuery("select status, attempts, last_error, message_id, chat_id, next_attempt_at "
                        + "from notification where incident_id = ?1 order by id desc limit 1")
                .setParameter(1, incidentId).getSingleResult());
    }
}
