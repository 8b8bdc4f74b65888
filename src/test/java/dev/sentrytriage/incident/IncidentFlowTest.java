package dev.sentrytriage.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.Webhooks;
import dev.sentrytriage.worker.DeliveryWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** From a signed fixture to the incident it makes: fields, risk, lifecycle and the notification it calls for. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class IncidentFlowTest {

    @Inject
    Database db;

    @Inject
    DeliveryWorker worker;

    @BeforeEach
    void reset() {
        db.reset();
    }

    @Test
    void issueCreatedOpensAnIncident() {
        Webhooks.postFixture("issue.created").statusCode(202);
        assertEquals(1, worker.drain());
        Incident i = incident("sentry", "front-end", "1170820242");
        assertEquals("FRONT-END-9", i.shortId);
        assertEquals("ReferenceError: blooopy is not defined", i.title);
        assertEquals("?(runner)", i.culprit);
        assertEquals("error", i.level);
        assertEquals("javascript", i.platform);
        assertEquals(Risk.HIGH, i.risk);
        assertEquals(IncidentStatus.OPEN, i.status);
        assertEquals(1, i.occurrences);
        assertEquals(1L, i.sentryCount);
        assertEquals(1L, i.userCount);
        assertEquals("2019-08-19T20:58:37.391Z", i.firstSeen.toString());
        assertEquals("https://sentry.io/issues/1170820242/", i.sentryUrl);
        assertNotNull(i.analysisDueAt, "a new incident is due for analysis");
        assertEquals(List.of("OPENED"), notifications(i.id));
        assertEquals("DONE", db.single("select status from delivery"));
    }

    @Test
    void errorOfTheSameIssueJoinsItsIncidentAndBringsTheStackTrace() {
        Webhooks.postFixture("issue.created").statusCode(202);
        Webhooks.postFixture("error.created").statusCode(202);
        assertEquals(2, worker.drain());
        assertEquals(1, db.count("select count(*) from incident"));
        Incident i = incident("sentry", "front-end", "1170820242");
        assertEquals(2, i.occurrences);
        assertEquals("https://sentry.io/organizations/test-org/issues/1170820242/", i.sentryUrl);
        assertTrue(i.context.frames().stream().anyMatch(f -> "<meta charset=utf-8>".equals(f.contextLine())),
                i.context.toString());
        assertEquals(List.of("OPENED"), notifications(i.id), "the waiting first message will show both");
    }

    @Test
    void contextIsStoredAsJsonbWithIsoTimes() {
        Webhooks.postFixture("error.created").statusCode(202);
        worker.drain();
        Incident i = incident("sentry", "front-end", "1170820242");
        assertEquals("jsonb", db.single("select pg_typeof(context)::text from incident where id = ?1", i.id));
        assertTrue(db.count("select count(*) from incident, jsonb_array_elements(context->'frames') f"
                + " where id = ?1 and f->>'contextLine' = '<meta charset=utf-8>'", i.id) > 0);
        assertEquals("string", db.single("select jsonb_typeof(context->'firstSeen') from incident where id = ?1", i.id));
        assertEquals(i.context.firstSeen(), java.time.Instant.parse(
                db.single("select context->>'firstSeen' from incident where id = ?1", i.id).toString()));
    }

    @Test
    void eventAlertKeepsRuleTagsAndFrames() {
        Webhooks.postFixture("event_alert.triggered").statusCode(202);
        worker.drain();
        Incident i = incident("sentry", "front-end", "1117540176");
        assertEquals("ReferenceError: heck is not defined", i.title);
        assertEquals("Very Important Alert Rule!", i.triggeredRule);
        assertEquals(Risk.HIGH, i.risk);
        assertEquals("Chrome 75.0.3770", i.context.tag("browser"), i.context.toString());
        assertTrue(i.context.frames().stream().anyMatch(f -> "<anonymous>".equals(f.filename())), i.context.toString());
    }

    @Test
    void metricAlertsRaiseAndResolveTheirIncident() {
        Webhooks.postFixture("metric_alert.warning").statusCode(202);
        worker.drain();
        Incident warning = incident(IssueContext.SOURCE_METRIC_ALERT, "example", "789");
        assertEquals(Risk.MEDIUM, warning.risk);
        assertEquals("metric alert", warning.title);
        assertEquals("5 events in the last 10 minutes", contextMessage(warning));

        Webhooks.postFixture("metric_alert.critical").statusCode(202);
        worker.drain();
        Incident critical = incident(IssueContext.SOURCE_METRIC_ALERT, "example", "789");
        assertEquals(Risk.HIGH, critical.risk);
        assertEquals(2, critical.occurrences);

        Webhooks.postFixture("metric_alert.resolved").statusCode(202);
        worker.drain();
        Incident resolved = incident(IssueContext.SOURCE_METRIC_ALERT, "bar", "4");
        assertEquals(IncidentStatus.RESOLVED, resolved.status);
        assertEquals("Resolved: Too many errors", resolved.title);
        assertEquals("https://sentry.io/organizations/baz/alerts/1/", resolved.sentryUrl);
        assertEquals(List.of(), notifications(resolved.id), "nothing was ever sent for it, so nothing to update");
    }

    @Test
    void issueLifecycleFromSentry() {
        Webhooks.postFixture("issue.assigned").statusCode(202);
        worker.drain();
        Incident assigned = incident("sentry", "ipe", "123");
        assertEquals("Person", assigned.assignee);
        assertEquals(0, assigned.occurrences, "an assignment is not an occurrence");

        Webhooks.postFixture("issue.ignored").statusCode(202);
        worker.drain();
        assertEquals(IncidentStatus.MUTED, incident("sentry", "ipe", "123").status);

        Webhooks.postFixture("issue.resolved").statusCode(202);
        worker.drain();
        Incident resolved = incident("sentry", "ipe", "123");
        assertEquals(IncidentStatus.RESOLVED, resolved.status);
        assertEquals("sentry", resolved.statusChangedBy);
    }

    @Test
    void newEventOnResolvedIncidentReopensItAsRegression() {
        Webhooks.postFixture("issue.resolved").statusCode(202);
        worker.drain();
        ObjectNode again = SentryFixtures.tree("issue.resolved");
        again.put("action", "created");
        ((ObjectNode) again.at("/data/issue")).put("level", "warning").put("status", "unresolved");
        Webhooks.post("issue", SentryFixtures.bytes(again)).statusCode(202);
        worker.drain();
        Incident i = incident("sentry", "ipe", "123");
        assertEquals(IncidentStatus.OPEN, i.status);
        assertEquals(1, i.regressions);
        assertEquals(Risk.HIGH, i.risk, "a warning that regressed is escalated to HIGH");
        assertEquals(List.of("REGRESSION"), notifications(i.id));
        assertNotNull(i.analysisDueAt, "a regression is analysed again");
    }

    @Test
    void mutedIncidentCountsButStaysQuiet() {
        Webhooks.postFixture("issue.ignored").statusCode(202);
        worker.drain();
        ObjectNode event = SentryFixtures.tree("issue.ignored");
        event.put("action", "created");
        Webhooks.post("issue", SentryFixtures.bytes(event)).statusCode(202);
        worker.drain();
        Incident i = incident("sentry", "ipe", "123");
        assertEquals(IncidentStatus.MUTED, i.status);
        assertEquals(1, i.occurrences);
        assertEquals(List.of(), notifications(i.id));
    }

    @Test
    void recurrenceEscalatesOnceWithinTheEpisode() {
        for (int n = 0; n < 12; n++) {
            ObjectNode event = SentryFixtures.tree("event_alert.triggered");
            ((ObjectNode) event.at("/data/event")).put("event_id", "evt-" + n).put("level", "warning");
            Webhooks.post("event_alert", SentryFixtures.bytes(event)).statusCode(202);
            worker.drain();
            db.update("update notification set status = 'SENT'"); // as if each message went out at once
        }
        Incident i = incident("sentry", "front-end", "1117540176");
        assertEquals(12, i.occurrences);
        assertEquals(Risk.HIGH, i.risk, "10 in an hour escalates a warning");
        List<String> kinds = notifications(i.id);
        assertEquals("OPENED", kinds.get(0));
        assertEquals(1, kinds.stream().filter("ESCALATED"::equals).count(), kinds.toString());
        assertEquals(10, kinds.stream().filter("UPDATED"::equals).count(), kinds.toString());
    }

    @Transactional
    Incident incident(String source, String project, String issueId) {
        Incident i = Incident.find("source = ?1 and project = ?2 and issueId = ?3", source, project, issueId)
                .firstResult();
        assertNotNull(i, "no incident " + source + "/" + project + "/" + issueId);
        return i;
    }

    private String contextMessage(Incident i) {
        return i.context == null ? null : i.context.message();
    }

    private List<String> notifications(long incidentId) {
        return db.list("select kind from notification where incident_id = ?1 order by id", incidentId).stream()
                .map(Object::toString).toList();
    }

    @Test
    void unknownLevelIsMediumRisk() {
        ObjectNode odd = SentryFixtures.tree("issue.created");
        ((ObjectNode) odd.at("/data/issue")).put("level", "sample").put("id", 555).put("count", 7);
        Webhooks.post("issue", SentryFixtures.bytes(odd)).statusCode(202);
        worker.drain();
        Incident i = incident("sentry", "front-end", "555");
        assertEquals(Risk.MEDIUM, i.risk);
        assertEquals(7L, i.sentryCount, "counts arrive as numbers too");
        assertNull(i.environment);
    }
}
