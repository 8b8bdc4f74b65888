package dev.sentrytriage.analysis;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.Recurrence;
import dev.sentrytriage.notify.MessageRenderer;
import dev.sentrytriage.notify.Notification;
import dev.sentrytriage.notify.NotificationKind;
import dev.sentrytriage.notify.TelegramRestClient.Button;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.IncidentProbe;
import dev.sentrytriage.support.Incidents;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.Webhooks;
import dev.sentrytriage.worker.DeliveryWorker;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Seer's webhooks (the docs' fixtures, {@code seer.*.json}) for an incident's Sentry issue: its root cause and
 * solution become the analysis, a pending AI analysis is skipped and a later AI answer does not replace it
 * ({@code prefer-seer}, the default), a pull request becomes a button, coding started a timeline entry.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class SeerTest {

    @Inject
    DeliveryWorker deliveries;
    @Inject
    AnalysisWorker analyses;
    @Inject
    AnalysisClaims claims;
    @Inject
    IncidentProbe probe;
    @Inject
    MessageRenderer renderer;

    @Test
    void seersRootCauseBecomesTheAnalysisReleasesTheMessageAndSkipsThePendingAi() {
        String issueId = opened();
        Incident before = probe.incident(issueId);
        assertNotNull(before.analysisDueAt, "an AI analysis is pending");

        seer(SentryFixtures.tree("seer.root_cause_completed"), issueId).statusCode(202).body("status", equalTo("accepted"));
        deliveries.drain();

        Incident i = probe.incident(issueId);
        assertEquals("seer", i.analyzedBy);
        assertEquals("Woah wow there's a bug here. Key step: Next.js server renders the /dashboard route. "
                + "(src/app/page.ts)", i.rootCause);
        assertNull(i.confidence, "Seer gives none: unknown");
        assertNull(i.analysisDueAt, "the pending AI analysis is skipped");
        Notification opened = probe.notifications(i.id).stream().filter(n -> n.kind == NotificationKind.OPENED)
                .findFirst().orElseThrow();
        assertFalse(opened.nextAttemptAt.isAfter(Instant.now()), "the waiting message goes now, with Seer's analysis");
        String text = renderer.render(i, new Recurrence(1, 1, 1)).plain();
        assertTrue(text.contains("by seer") && text.contains("Woah wow there's a bug here."), text);
        assertEquals(List.of("SEER_ROOT_CAUSE"), timeline(i.id, "SEER_%"));

        analyses.drain();
        assertEquals("seer", probe.incident(issueId).analyzedBy);
    }

    @Test
    void anAiAnswerArrivingAfterSeerDoesNotReplaceIt() {
        analyses.drain(); // only this test's incident is due below
        String issueId = opened();
        AnalysisClaims.Claim inFlight = claims.claim(Duration.ofMinutes(1), 1).get(0);
        assertEquals(probe.incident(issueId).id, inFlight.incidentId());

        seer(SentryFixtures.tree("seer.root_cause_completed"), issueId).statusCode(202);
        deliveries.drain();
        assertTrue(claims.store(inFlight, Analysis.of("An AI's late answer.", null, null, null, 0.9, "openai:gpt"),
                null, 0));

        Incident i = probe.incident(issueId);
        assertEquals("seer", i.analyzedBy);
        assertTrue(i.rootCause.startsWith("Woah wow"));
    }

    @Test
    void seersSolutionIsTheFixNextToItsRootCause() {
        String issueId = opened();
        seer(SentryFixtures.tree("seer.root_cause_completed"), issueId).statusCode(202);
        // solution_completed as in Seer's docs (their example has trailing commas, so it is built, not copied)
        ObjectNode solution = SentryFixtures.tree("seer.root_cause_completed");
        solution.put("action", "solution_completed");
        ObjectNode data = (ObjectNode) solution.get("data");
        data.remove("root_cause");
        ObjectNode body = data.putObject("solution");
        body.put("description", "Definitely need to fix this.");
        body.putArray("steps").add(solution.objectNode().put("title", "Go fix it"))
                .add(solution.objectNode().put("title", "Then go fix this other thing."));
        seer(solution, issueId).statusCode(202);
        deliveries.drain();

        Incident i = probe.incident(issueId);
        assertEquals("seer", i.analyzedBy);
        assertTrue(i.rootCause.startsWith("Woah wow"));
        assertEquals("Definitely need to fix this. 1. Go fix it 2. Then go fix this other thing.", i.fixSuggestion);
    }

    @Test
    void aPullRequestBecomesAButtonAndCodingStartedATimelineEntry() {
        String issueId = opened();
        ObjectNode coding = SentryFixtures.tree("seer.root_cause_completed");
        coding.put("action", "coding_started");
        ((ObjectNode) coding.get("data")).remove("root_cause");
        seer(coding, issueId).statusCode(202);
        seer(SentryFixtures.tree("seer.pr_created"), issueId).statusCode(202);
        deliveries.drain();

        Incident i = probe.incident(issueId);
        assertEquals("https://github.com/owner/repo/pull/123", i.seerPrUrl);
        List<List<Button>> keyboard = renderer.render(i, new Recurrence(1, 1, 1)).keyboard();
        Optional<Button> button = keyboard.stream().flatMap(List::stream)
                .filter(b -> "Seer PR".equals(b.text())).findFirst();
        assertEquals("https://github.com/owner/repo/pull/123", button.orElseThrow().url());
        assertTrue(timeline(i.id, "SEER_%").containsAll(List.of("SEER_CODING", "SEER_PR")));
        assertFalse("seer".equals(i.analyzedBy), "coding and a PR are no analysis");
    }

    @Test
    void seerForAnIssueWithoutIncidentChangesNothing() {
        String issueId = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
        String delivery = seer(SentryFixtures.tree("seer.root_cause_completed"), issueId).statusCode(202)
                .extract().path("deliveryId");
        deliveries.drain();

        assertNull(probe.incident(issueId));
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) Incident.getEntityManager()
                .createNativeQuery("select status, incident_id from delivery where id = cast(?1 as uuid)")
                .setParameter(1, delivery).getSingleResult());
        assertEquals("DONE", row[0]);
        assertNull(row[1]);
    }

    // ------------------------------------------------------------------------------------------------------------

    /** A new incident of a Sentry issue with a numeric id, as Seer's {@code group_id} names it. */
    private String opened() {
        String issueId = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
        Incidents.postIssue("shop", issueId, "error");
        deliveries.drain();
        return issueId;
    }

    private static io.restassured.response.ValidatableResponse seer(ObjectNode tree, String issueId) {
        ((ObjectNode) tree.get("data")).put("group_id", Long.parseLong(issueId));
        return Webhooks.post("seer", SentryFixtures.bytes(tree));
    }

    @SuppressWarnings("unchecked")
    private static List<String> timeline(long incidentId, String like) {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) Incident.getEntityManager()
                .createNativeQuery("select kind from incident_event where incident_id = ?1 and kind like ?2 order by id")
                .setParameter(1, incidentId).setParameter(2, like).getResultList());
    }
}
