package dev.sentrytriage.writeback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.jsonResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentService;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Recurrence;
import dev.sentrytriage.incident.TriageEvent;
import dev.sentrytriage.incident.Via;
import dev.sentrytriage.notify.MessageRenderer;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.IncidentProbe;
import dev.sentrytriage.support.Incidents;
import dev.sentrytriage.support.MutableClock;
import dev.sentrytriage.support.TestIncidents;
import dev.sentrytriage.support.WireMockPeers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Resolve, mute and reopen here are written back to Sentry's issue through an outbox row written with the status
 * change; WireMock answers as Sentry's API does (200 with the issue, 403 missing scope, 404, 429 with Retry-After).
 */
@QuarkusTest
@TestProfile(WriteBackProfile.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class SentryWriteBackTest {

    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    /** Sentry's answer to a missing {@code event:write} scope. */
    static final String FORBIDDEN = "{\"detail\":\"You do not have permission to perform this action.\"}";
    static final String NOT_FOUND = "{\"detail\":\"The requested resource does not exist\"}";

    @WireMockPeers.Peer
    WireMockServer sentry;

    @Inject
    IncidentService incidents;
    @Inject
    SentryWriteBackWorker worker;
    @Inject
    SyncClaims claims;
    @Inject
    IncidentProbe probe;
    @Inject
    MessageRenderer renderer;

    @BeforeEach
    void reset() {
        QuarkusMock.installMockForType(CLOCK, Clock.class);
        sentry.resetAll();
        sentry.stubFor(put(anyUrl()).willReturn(jsonResponse(NOT_FOUND, 404)));
        worker.pass(); // whatever earlier tests left due
        sentry.resetAll();
    }

    @Test
    void aResolveIsWrittenBackOnceEvenWhenTheProcessStopsBeforeTheWorkerRuns() {
        String issueId = newIssueId();
        long id = open(issueId);
        ok(issueId, "resolved");

        incidents.resolve(id, "alice", Via.TELEGRAM);
        // "restart": the status change committed with its row; no worker ran, nothing was sent
        assertEquals("PENDING", sync(id)[0]);
        sentry.verify(0, anyRequestedFor(anyUrl()));

        assertEquals(1, worker.pass(), "a new worker pass sends what was stored");
        assertEquals(0, worker.pass(), "and only once");
        sentry.verify(1, putRequestedFor(urlEqualTo(path(issueId)))
                .withHeader("Authorization", equalTo("Bearer " + WriteBackProfile.TOKEN))
                .withRequestBody(equalToJson("{\"status\":\"resolved\"}")));
        assertEquals("SYNCED", sync(id)[0]);
        assertEquals("resolved", sync(id)[1]);

        Incident incident = TestIncidents.find(id);
        assertTrue(renderer.render(incident, new Recurrence(0, 0, 0)).plain().contains("Sentry: resolved"),
                "the message says so");
        Incidents.api().get("/api/incidents/" + id).then().statusCode(200)
                .body("sentrySync.status", is("synced")).body("sentrySync.detail", is("resolved"));
    }

    @Test
    void theOutcomeAsksForAnEditOfTheMessage() {
        String issueId = newIssueId();
        long id = open(issueId);
        ok(issueId, "resolved");
        incidents.resolve(id, "alice", Via.API);
        probe.markSent(id); // the resolve's edit went out before the write-back came back

        worker.pass();

        assertEquals("PENDING", TestIncidents.lastNotification(id)[0], "an edit showing \"Sentry: resolved\"");
    }

    @Test
    void aMissingScopeIsNotRetriedAndShowsSentrysReason() {
        String issueId = newIssueId();
        long id = open(issueId);
        answer(issueId, jsonResponse(FORBIDDEN, 403));

        incidents.resolve(id, "alice", Via.API);
        worker.pass();
        CLOCK.advance(Duration.ofHours(1));
        worker.pass();

        sentry.verify(1, putRequestedFor(urlEqualTo(path(issueId))));
        assertEquals("FAILED", sync(id)[0]);
        assertEquals("403 You do not have permission to perform this action.", sync(id)[1]);
        assertTrue(renderer.render(TestIncidents.find(id), new Recurrence(0, 0, 0)).plain()
                .contains("Sentry: not synced (403 You do not have permission to perform this action.)"));
        Incidents.api().get("/api/incidents/" + id).then().statusCode(200)
                .body("sentrySync.status", is("failed"));
    }

    @Test
    void anIssueSentryDoesNotKnowFailsWithTheStatus() {
        String issueId = newIssueId();
        long id = open(issueId);
        answer(issueId, jsonResponse(NOT_FOUND, 404));

        incidents.resolve(id, "alice", Via.API);
        worker.pass();

        assertEquals("FAILED", sync(id)[0]);
        assertEquals("404 The requested resource does not exist", sync(id)[1]);
    }

    @Test
    void aRateLimitWaitsItsRetryAfterThenSends() {
        String issueId = newIssueId();
        long id = open(issueId);
        sentry.stubFor(put(urlEqualTo(path(issueId))).inScenario("limit").whenScenarioStateIs("Started")
                .willReturn(jsonResponse("{\"detail\":\"You are attempting to use this endpoint too frequently. "
                        + "Limit is 40 requests in 1 seconds\"}", 429).withHeader("Retry-After", "30"))
                .willSetStateTo("free"));
        sentry.stubFor(put(urlEqualTo(path(issueId))).inScenario("limit").whenScenarioStateIs("free")
                .willReturn(jsonResponse(issueJson(issueId, "resolved"), 200)));

        incidents.resolve(id, "alice", Via.API);
        assertEquals(0, worker.pass());
        Object[] row = sync(id);
        assertEquals("PENDING", row[0]);
        assertEquals(CLOCK.instant().plusSeconds(30), dev.sentrytriage.infra.SqlTime.instant(row[2]), "Retry-After kept");
        assertTrue(((String) row[1]).startsWith("429"));

        CLOCK.advance(Duration.ofSeconds(29));
        worker.pass();
        sentry.verify(1, putRequestedFor(urlEqualTo(path(issueId))));
        CLOCK.advance(Duration.ofSeconds(1));
        assertEquals(1, worker.pass());
        sentry.verify(2, putRequestedFor(urlEqualTo(path(issueId))));
        assertEquals("SYNCED", sync(id)[0]);
    }

    @Test
    void aWriteBackThatKeepsFailingIsDeadWithTheReason() {
        String issueId = newIssueId();
        long id = open(issueId);
        answer(issueId, aResponse().withStatus(503));

        incidents.resolve(id, "alice", Via.API);
        for (int i = 0; i < 5; i++) {
            worker.pass();
            CLOCK.advance(Duration.ofMinutes(10));
        }

        sentry.verify(3, putRequestedFor(urlEqualTo(path(issueId))));
        assertEquals("DEAD", sync(id)[0]);
        assertEquals("503", sync(id)[1]);
    }

    @Test
    void aMuteBecomesIgnoredForItsMinutesAndAReopenUnresolved() {
        String issueId = newIssueId();
        long id = open(issueId);
        ok(issueId, "ignored");

        incidents.mute(id, Duration.ofHours(24), "alice", Via.TELEGRAM);
        worker.pass();
        sentry.verify(1, putRequestedFor(urlEqualTo(path(issueId))).withRequestBody(equalToJson(
                "{\"status\":\"ignored\",\"substatus\":\"archived_until_condition_met\","
                        + "\"statusDetails\":{\"ignoreDuration\":1440}}")));
        assertEquals("ignored for 1440 min", sync(id)[1]);

        incidents.reopen(id, "alice", Via.UI);
        worker.pass();
        sentry.verify(1, putRequestedFor(urlEqualTo(path(issueId)))
                .withRequestBody(equalToJson("{\"status\":\"unresolved\"}")));
        assertEquals("unresolved", sync(id)[1]);
    }

    @Test
    void theLatestIntentWinsBeforeAndWhileSending() {
        String issueId = newIssueId();
        long id = open(issueId);
        ok(issueId, "unresolved");

        incidents.resolve(id, "alice", Via.TELEGRAM);
        incidents.reopen(id, "bob", Via.TELEGRAM);
        worker.pass();
        sentry.verify(1, putRequestedFor(urlEqualTo(path(issueId))));
        sentry.verify(1, putRequestedFor(urlEqualTo(path(issueId)))
                .withRequestBody(equalToJson("{\"status\":\"unresolved\"}")));

        // a resolve in flight when a reopen arrives: its answer is not taken as the reopen's outcome
        incidents.resolve(id, "alice", Via.TELEGRAM);
        List<SyncClaims.Claim> inFlight = claims.claim(100, Duration.ofMinutes(1));
        SyncClaims.Claim resolve = inFlight.stream().filter(c -> c.incidentId() == id).findFirst().orElseThrow();
        assertEquals("resolved", resolve.target());
        incidents.reopen(id, "bob", Via.TELEGRAM);
        assertFalse(claims.finish(resolve, SyncState.SYNCED, "resolved"));
        assertEquals("PENDING", sync(id)[0]);
        worker.pass();
        assertEquals("SYNCED", sync(id)[0]);
        assertEquals("unresolved", sync(id)[1], "Sentry ends unresolved");
    }

    @Test
    void aChangeFromSentryIsNeverWrittenBack() {
        String issueId = newIssueId();
        long id = open(issueId);

        apply(ctx(issueId, TriageEvent.RESOLVED, null));
        assertEquals("RESOLVED", TestIncidents.find(id).status.name());
        apply(ctx(issueId, TriageEvent.OCCURRENCE, null)); // a regression reopens it, from Sentry too

        assertNull(sync(id), "no write-back row");
        worker.pass();
        sentry.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void sentrysEchoOfAWriteBackChangesNothingAndSendsNothing() {
        String issueId = newIssueId();
        long id = open(issueId);
        ok(issueId, "resolved");
        incidents.resolve(id, "alice", Via.TELEGRAM);
        worker.pass();
        probe.markSent(id);
        int before = TestIncidents.statuses(id).size();
        long version = TestIncidents.find(id).version;

        apply(ctx(issueId, TriageEvent.RESOLVED, null)); // issue.resolved, sent by Sentry after our PUT

        Incident after = TestIncidents.find(id);
        assertEquals("RESOLVED", after.status.name());
        assertEquals("alice", after.statusChangedBy);
        assertEquals(before, TestIncidents.statuses(id).size(), "no message");
        assertEquals(version, after.version, "nothing changed");

        // a real regression from Sentry still reopens
        apply(ctx(issueId, TriageEvent.OCCURRENCE, null));
        assertEquals("OPEN", TestIncidents.find(id).status.name());
        assertEquals(1, TestIncidents.find(id).regressions);
    }

    @Test
    void sentrysEchoOfAMuteKeepsOurMuteAndSendsNothing() {
        String issueId = newIssueId();
        long id = open(issueId);
        ok(issueId, "ignored");
        incidents.mute(id, Duration.ofHours(2), "alice", Via.API);
        worker.pass();
        probe.markSent(id);
        Instant until = TestIncidents.find(id).mutedUntil;
        int before = TestIncidents.statuses(id).size();

        apply(ctx(issueId, TriageEvent.MUTED, null)); // issue.ignored without ignoreUntil (until escalating)

        Incident after = TestIncidents.find(id);
        assertEquals(until, after.mutedUntil, "the mute keeps its end");
        assertEquals("alice", after.statusChangedBy);
        assertEquals(before, TestIncidents.statuses(id).size(), "no message");
    }

    @Test
    void onlySentryIssuesWithANumericIdAreWrittenBack() {
        String issueId = "not-numeric-" + UUID.randomUUID();
        long id = TestIncidents.occur(new IssueContext(IssueContext.SOURCE_ISSUE, "issue", "created",
                TriageEvent.OCCURRENCE, issueId, null, "t", null, "error", "shop", null, null, null, null, null, null,
                null, null, null, null, List.of(), List.of(), "https://sentry.io/organizations/acme/issues/1/", null,
                null, null, null), CLOCK.instant());
        incidents.resolve(id, "alice", Via.API);
        assertNull(sync(id));
    }

    @Test
    void theOrganizationComesFromTheIssueLink() {
        assertEquals("acme", SentryWriteBack.org("https://sentry.io/organizations/acme/issues/1/").orElseThrow());
        assertEquals("acme", SentryWriteBack.org("https://acme.sentry.io/issues/1/").orElseThrow());
        assertEquals("team-x", SentryWriteBack.org("https://sentry.corp.example/organizations/team-x/issues/9/")
                .orElseThrow());
        assertTrue(SentryWriteBack.org("https://sentry.corp.example/issues/9/").isEmpty());
        assertTrue(SentryWriteBack.org(null).isEmpty());
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Sentry's answer to the issue's update: 200 with the issue in {@code status}. */
    private void ok(String issueId, String status) {
        answer(issueId, jsonResponse(issueJson(issueId, status), 200));
    }

    private void answer(String issueId, ResponseDefinitionBuilder response) {
        sentry.stubFor(put(urlEqualTo(path(issueId))).willReturn(response));
    }

    private static String path(String issueId) {
        return "/api/0/organizations/acme/issues/" + issueId + "/";
    }

    /** An issue as Sentry's "Update an Issue" answers it (shape of its API docs' example). */
    private static String issueJson(String issueId, String status) {
        return """
                {"id":"%s","shortId":"SHOP-1A","title":"ValueError: boom","culprit":"app.checkout in charge",
                 "permalink":"https://acme.sentry.io/issues/%s/","level":"error","status":"%s","substatus":null,
                 "statusDetails":{},"isPublic":false,"platform":"python",
                 "project":{"id":"111","name":"shop","slug":"shop"},"type":"error",
                 "metadata":{"type":"ValueError","value":"boom"},"numComments":0,"assignedTo":null,
                 "isBookmarked":false,"isSubscribed":true,"hasSeen":true,"count":"12","userCount":3,
                 "firstSeen":"2026-11-30T10:00:00Z","lastSeen":"2026-12-01T09:00:00Z"}""".formatted(issueId, issueId,
                status);
    }

    private static String newIssueId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
    }

    private long open(String issueId) {
        return TestIncidents.occur(ctx(issueId, TriageEvent.OCCURRENCE, null), CLOCK.instant());
    }

    private void apply(IssueContext ctx) {
        QuarkusTransaction.requiringNew().run(() -> incidents.apply(ctx, UUID.randomUUID(), CLOCK.instant()));
    }

    private static IssueContext ctx(String issueId, TriageEvent event, Instant mutedUntil) {
        String action = switch (event) {
            case RESOLVED -> "resolved";
            case MUTED -> "ignored";
            default -> "created";
        };
        return new IssueContext(IssueContext.SOURCE_ISSUE, "issue", action, event, issueId, "SHOP-1A",
                "ValueError: boom", "app.checkout in charge", "error", "shop", null, null, "python", null, null, null,
                null, null, "ValueError", "boom", List.of(), List.of(),
                "https://sentry.io/organizations/acme/issues/" + issueId + "/", null, null, null, mutedUntil);
    }

    /** State, detail and next try of the incident's write-back, or null when there is none. */
    private static Object[] sync(long incidentId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = Incident.getEntityManager().createNativeQuery(
                    "select state, detail, next_attempt_at from sentry_sync where incident_id = ?1")
                    .setParameter(1, incidentId).getResultList();
            return rows.isEmpty() ? null : rows.get(0);
        });
    }
}
