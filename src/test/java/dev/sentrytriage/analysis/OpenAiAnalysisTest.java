package dev.sentrytriage.analysis;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.sentrytriage.analysis.AnalysisScenario.GOOD_ANSWER;
import static dev.sentrytriage.analysis.AnalysisScenario.completion;
import static dev.sentrytriage.analysis.AnalysisScenario.newIssueId;
import static dev.sentrytriage.analysis.AnalysisScenario.title;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.notify.Notification;
import dev.sentrytriage.notify.NotificationKind;
import dev.sentrytriage.notify.NotificationStatus;
import dev.sentrytriage.privacy.Scrubber;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.IncidentProbe;
import dev.sentrytriage.support.WireMockPeers;
import dev.sentrytriage.worker.DeliveryWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(OpenAiProfile.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class OpenAiAnalysisTest {

    static final String CHAT = "/v1/chat/completions";

    @WireMockPeers.Peer
    WireMockServer peer;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @Inject
    DeliveryWorker deliveries;
    @Inject
    AnalysisWorker analyses;
    @Inject
    AnalysisService service;
    @Inject
    IncidentProbe probe;
    @Inject
    OpenAiClient openAi;
    @Inject
    SentryApiClient sentryApi;

    @BeforeEach
    void quiet() {
        // analyse whatever earlier tests left due with a working peer, then start from a clean journal
        peer.resetAll();
        peer.stubFor(post(CHAT).willReturn(okJson(completion(GOOD_ANSWER, "stop"))));
        deliveries.drain();
        analyses.drain();
        peer.resetAll();
        openAi.guard().reset();
        sentryApi.guard().reset();
    }

    @AfterEach
    void closeBreakers() {
        openAi.guard().sleepWith(CallGuard.THREAD_SLEEP);
        openAi.guard().reset();
        openAi.askForJsonMode();
        sentryApi.guard().reset();
    }

    @Test
    void theRestClientsTakeTheirTimeoutsFromTheDurationKeys() {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        // triage.analyzer.timeout=1s in this profile; triage.analyzer.enrich-timeout at its default, 5s
        assertEquals(1000L, config.getValue("quarkus.rest-client.openai.read-timeout", Long.class));
        assertEquals(1000L, config.getValue("quarkus.rest-client.openai.connect-timeout", Long.class));
        assertEquals(5000L, config.getValue("quarkus.rest-client.sentry-api.read-timeout", Long.class));
        assertEquals("http://127.0.0.1:" + peer.port(),
                config.getValue("quarkus.rest-client.openai.url", String.class));
    }

    @Test
    void aServerThatRefusesJsonModeIsAskedAgainWithoutIt() {
        peer.stubFor(post(CHAT).withRequestBody(containing("response_format")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":400,\"message\":\"'response_format.type' must be 'json_schema' or "
                        + "'text'\",\"type\":\"invalid_request_error\"}}")));
        peer.stubFor(post(CHAT).withRequestBody(notContaining("response_format"))
                .willReturn(okJson(completion(GOOD_ANSWER, "stop"))));
        Incident i = analysedIncident("error.created");
        assertEquals("openai:test-model", i.analyzedBy);
        List<LoggedRequest> sent = peer.findAll(postRequestedFor(urlEqualTo(CHAT)));
        assertEquals(2, sent.size());
        assertFalse(sent.get(1).getBodyAsString().contains("response_format"), "absent, not null");
    }

    @Test
    void anErrorCodeThatIsANumberGivesWayToTheErrorType() {
        peer.stubFor(post(CHAT).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":400,\"message\":\"context length exceeded\","
                        + "\"type\":\"invalid_request_error\"}}")));
        Incident i = analysedIncident("error.created");
        assertEquals("heuristic (openai:test-model failed: HTTP 400 invalid_request_error)", i.analyzedBy);
    }

    @Test
    void anAnswerOfAnotherShapeFallsBackWithoutCountingAgainstTheServer() {
        peer.stubFor(post(CHAT).willReturn(okJson("{\"choices\":{\"message\":\"not a list\"}}")));
        for (int n = 0; n < 4; n++) { // more than breaker-failures (3)
            Incident i = analysedIncident("error.created");
            assertEquals("heuristic (openai:test-model failed: answer unreadable)", i.analyzedBy);
        }
        assertFalse(openAi.guard().isOpen(), "the server answered: it is up");
        peer.verify(4, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void anAnalysisInterruptedByShutdownStoresNothingAndLeavesItsLease() throws Exception {
        peer.stubFor(post(CHAT).willReturn(okJson(completion(GOOD_ANSWER, "stop")).withFixedDelay(30_000)));
        String issueId = newIssueId();
        AnalysisScenario.post("event_alert.triggered", issueId);
        deliveries.drain();
        Thread worker = new Thread(() -> {
            try {
                analyses.drain();
            } catch (RuntimeException e) {
                // the interrupted thread may fail its next claim: the lease covers it
            }
        }, "analysis-under-test");
        worker.start();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !peer.findAll(postRequestedFor(urlEqualTo(CHAT))).isEmpty());

        try {
            analyses.stop(null); // what shutdown does; the worker threads are not running in tests, so:
            worker.interrupt(); // what stopping them does
            worker.join(5_000);

            assertFalse(worker.isAlive(), "the call in flight was cancelled within the bound");
            Incident after = probe.incident(issueId);
            assertNull(after.analyzedBy, "nothing stored, not even the heuristic fallback");
            assertNotNull(after.analysisDueAt, "still due: taken over once its lease runs out");
        } finally {
            service.resumeAfterCancel();
        }
    }

    @Test
    void storesTheAnswerAndReleasesTheWaitingFirstMessage() {
        peer.stubFor(post(CHAT).willReturn(okJson(completion(GOOD_ANSWER, "stop"))));
        String issueId = newIssueId();
        AnalysisScenario.post("event_alert.triggered", issueId);
        deliveries.drain();
        Incident before = probe.incident(issueId);
        Notification waiting = probe.notifications(before.id).get(0);
        assertEquals(NotificationKind.OPENED, waiting.kind);
        assertTrue(waiting.nextAttemptAt.isAfter(Instant.now().plusSeconds(20)), "first message waits for the analysis");
        assertNotNull(before.analysisDueAt);

        assertTrue(analyses.drain() >= 1);

        Incident after = probe.incident(issueId);
        assertEquals("The variable blooopy is used before it is declared in the runner script.", after.rootCause);
        assertEquals("Every page load of the runner fails for all users.", after.impact);
        assertEquals("Declare blooopy (or fix the typo) before its first use.", after.fixSuggestion);
        assertEquals("Enable no-undef in ESLint and run it in CI.", after.prevention);
        assertEquals(0.82, after.confidence, 1e-9);
        assertEquals("openai:test-model", after.analyzedBy);
        assertNotNull(after.analyzedAt);
        assertNull(after.analysisDueAt);
        List<Notification> notes = probe.notifications(after.id);
        assertEquals(1, notes.size(), "the waiting message carries the analysis; no extra edit");
        assertFalse(notes.get(0).nextAttemptAt.isAfter(Instant.now()), "the first message is released at once");

        LoggedRequest sent = peer.findAll(postRequestedFor(urlEqualTo(CHAT))).get(0);
        assertEquals("Bearer " + OpenAiProfile.API_KEY, sent.getHeader("Authorization"));
        String body = sent.getBodyAsString();
        assertTrue(body.contains("\"model\":\"test-model\""), body);
        assertTrue(body.contains("\"response_format\":{\"type\":\"json_object\"}"), body);
        assertTrue(body.contains("ReferenceError: heck is not defined"), "the prompt carries the exception");
        assertTrue(body.contains("Very Important Alert Rule!"), "the prompt carries the triggering rule");
        assertTrue(body.contains("runner-4.1.7.min.js"), "the prompt carries the top frames");
    }

    @Test
    void readsJsonWrappedInCodeFences() {
        peer.stubFor(post(CHAT).willReturn(okJson(completion(
                "Here is the analysis:\n```json\n" + GOOD_ANSWER + "\n```\nHope it helps.", "stop"))));
        Incident i = analysedIncident("error.created");
        assertEquals("openai:test-model", i.analyzedBy);
        assertEquals("Declare blooopy (or fix the typo) before its first use.", i.fixSuggestion);
    }

    @Test
    void fallsBackToTheHeuristicWhenTheAnswerIsNotJsonAndSchedulesAnUpgrade() {
        peer.stubFor(post(CHAT).willReturn(okJson(completion(
                "The error is probably caused by an undefined variable in your script.", "stop"))));
        Incident i = analysedIncident("error.created");
        assertEquals("heuristic (openai:test-model failed: answer not JSON)", i.analyzedBy);
        assertTrue(i.rootCause.contains("does not exist at run time"), i.rootCause); // the undefined-name rule
        assertNotNull(i.analysisDueAt, "an upgrade try is scheduled");
        assertTrue(i.analysisDueAt.isAfter(Instant.now().plusSeconds(60)), "not before the upgrade backoff");
        assertEquals(1, i.analysisAttempts);
        assertFalse(probe.notifications(i.id).get(0).nextAttemptAt.isAfter(Instant.now()),
                "the message is not held back by a failed AI");
    }

    @Test
    void keepsTheCompleteFieldsOfACutOffAnswerWithLowConfidence() {
        String cut = "{\"root_cause\": \"blooopy is referenced but never declared.\", \"impact\": \"The runner page "
                + "fails to load.\", \"fix_suggestion\": \"Declare the vari";
        peer.stubFor(post(CHAT).willReturn(okJson(completion(cut, "length"))));
        Incident i = analysedIncident("error.created");
        assertEquals("openai:test-model (answer cut off)", i.analyzedBy);
        assertEquals("blooopy is referenced but never declared.", i.rootCause);
        assertEquals("The runner page fails to load.", i.impact);
        assertNull(i.fixSuggestion, "an incomplete field is dropped, not stored half");
        assertTrue(i.confidence <= AnswerParser.PARTIAL_CONFIDENCE_CAP);
    }

    @Test
    void fallsBackWhenTheAnswerIsCutOffBeforeTheRootCause() {
        peer.stubFor(post(CHAT).willReturn(okJson(completion("{\"root_cause\": \"The varia", "length"))));
        Incident i = analysedIncident("error.created");
        assertEquals("heuristic (openai:test-model failed: answer cut off)", i.analyzedBy);
    }

    @Test
    void fallsBackOnARefusal() {
        String refusal = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                + "\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help with that.\"}}]}";
        peer.stubFor(post(CHAT).willReturn(okJson(refusal)));
        Incident i = analysedIncident("error.created");
        assertEquals("heuristic (openai:test-model failed: refused)", i.analyzedBy);
    }

    @Test
    void retriesAfterRateLimitHonouringRetryAfter() {
        peer.stubFor(post(CHAT).inScenario("rate").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\","
                                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}"))
                .willSetStateTo("after"));
        peer.stubFor(post(CHAT).inScenario("rate").whenScenarioStateIs("after")
                .willReturn(okJson(completion(GOOD_ANSWER, "stop"))));
        List<java.time.Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        openAi.guard().sleepWith(waits::add); // recorded, not spent
        Incident i = analysedIncident("error.created");
        assertEquals("openai:test-model", i.analyzedBy);
        assertEquals(2, peer.findAll(postRequestedFor(urlEqualTo(CHAT))).size());
        assertEquals(List.of(java.time.Duration.ofSeconds(1)), waits, "waited what Retry-After said");
    }

    @Test
    void doesNotRetryAnExhaustedQuota() {
        peer.stubFor(post(CHAT).willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing "
                        + "details.\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}")));
        double failedBefore = meters.counter("triage.analyzer.calls", "analyzer", "openai", "outcome", "failed").count();
        Incident i = analysedIncident("error.created");
        assertEquals("heuristic (openai:test-model failed: HTTP 429 insufficient_quota)", i.analyzedBy);
        peer.verify(1, postRequestedFor(urlEqualTo(CHAT)));
        assertEquals(failedBefore + 1,
                meters.counter("triage.analyzer.calls", "analyzer", "openai", "outcome", "failed").count());
    }

    @Test
    void doesNotRetryABadKey() {
        peer.stubFor(post(CHAT).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: sk-test-***cdef.\","
                        + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")));
        Incident i = analysedIncident("error.created");
        assertEquals("heuristic (openai:test-model failed: HTTP 401 invalid_api_key)", i.analyzedBy);
        peer.verify(1, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void repeatedServerErrorsOpenTheBreakerAndStopCallingTheAnalyzer() {
        peer.stubFor(post(CHAT).willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"The server had an error while processing your request.\","
                        + "\"type\":\"server_error\",\"param\":null,\"code\":null}}")));
        String[] ids = { newIssueId(), newIssueId(), newIssueId(), newIssueId() };
        for (String id : ids) {
            AnalysisScenario.post("error.created", id);
        }
        deliveries.drain();
        analyses.drain();
        // 3 failing analyses (breaker-failures=3), each tried 1 + max-retries(2) times; the 4th is not sent at all
        peer.verify(9, postRequestedFor(urlEqualTo(CHAT)));
        assertTrue(openAi.guard().isOpen());
        long open = java.util.Arrays.stream(ids).map(probe::incident)
                .filter(i -> i.analyzedBy.equals("heuristic (openai:test-model failed: circuit open)")).count();
        long failed = java.util.Arrays.stream(ids).map(probe::incident)
                .filter(i -> i.analyzedBy.equals("heuristic (openai:test-model failed: HTTP 500 server_error)")).count();
        assertEquals(1, open);
        assertEquals(3, failed);
    }

    @Test
    void aTimeoutFallsBackToTheHeuristicAndStillReleasesTheMessage() {
        peer.stubFor(post(CHAT).willReturn(okJson(completion(GOOD_ANSWER, "stop")).withFixedDelay(3000)));
        Incident i = analysedIncident("event_alert.triggered");
        assertEquals("heuristic (openai:test-model failed: timeout)", i.analyzedBy);
        assertNotNull(i.rootCause);
        assertEquals(HeuristicAnalyzer.RULES.stream().filter(r -> r.name().equals("undefined")).findFirst().get()
                .confidence(), i.confidence, 1e-9);
        peer.verify(1, postRequestedFor(urlEqualTo(CHAT))); // a timeout is not retried
        assertFalse(probe.notifications(i.id).get(0).nextAttemptAt.isAfter(Instant.now()));
    }

    @Test
    void aLaterTryUpgradesTheHeuristicAnswerAndEditsTheSentMessage() {
        peer.stubFor(post(CHAT).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "600")));
        Incident fallback = analysedIncident("error.created");
        assertTrue(fallback.analyzedBy.startsWith("heuristic (openai:test-model failed: HTTP 503"), fallback.analyzedBy);
        assertTrue(fallback.analysisDueAt.isAfter(Instant.now().plusSeconds(590)), "Retry-After beyond the cap is honoured later");
        peer.verify(1, postRequestedFor(urlEqualTo(CHAT)));
        probe.markSent(fallback.id); // the message went out with the heuristic answer

        peer.resetAll();
        peer.stubFor(post(CHAT).willReturn(okJson(completion(GOOD_ANSWER, "stop"))));
        probe.makeAnalysisDue(fallback.id);
        analyses.drain();

        Incident upgraded = probe.incident(fallback.issueId);
        assertEquals("openai:test-model", upgraded.analyzedBy);
        assertNull(upgraded.analysisDueAt);
        assertEquals(0, upgraded.analysisAttempts);
        List<Notification> notes = probe.notifications(upgraded.id);
        Notification edit = notes.get(notes.size() - 1);
        assertEquals(NotificationKind.ANALYSIS, edit.kind);
        assertEquals(NotificationStatus.PENDING, edit.status);
    }

    @Test
    void aStormOfEventsOnOneIssueGetsOneAnalysis() {
        peer.stubFor(post(CHAT).willReturn(okJson(completion(GOOD_ANSWER, "stop"))));
        String issueId = newIssueId();
        String marker = "StormError " + issueId;
        for (int n = 0; n < 25; n++) {
            AnalysisScenario.post("event_alert.triggered", issueId, title(marker));
            if (n % 5 == 0) {
                deliveries.drain();
                analyses.drain();
            }
        }
        deliveries.drain();
        analyses.drain();
        Incident i = probe.incident(issueId);
        assertEquals(25, i.occurrences);
        peer.verify(1, postRequestedFor(urlEqualTo(CHAT)).withRequestBody(containing(marker)));
    }

    @Test
    void enrichesAnIssueWebhookWithTheLatestEventFromSentry() {
        String issueId = newIssueId();
        peer.stubFor(get("/api/0/issues/" + issueId + "/events/latest/")
                .willReturn(okJson(SentryEvents.latestEvent(issueId))));
        peer.stubFor(post(CHAT).willReturn(okJson(completion(GOOD_ANSWER, "stop"))));
        AnalysisScenario.post("issue.created", issueId);
        deliveries.drain();
        analyses.drain();

        peer.verify(1, getRequestedFor(urlEqualTo("/api/0/issues/" + issueId + "/events/latest/"))
                .withHeader("Authorization", equalTo("Bearer " + OpenAiProfile.SENTRY_TOKEN)));
        String prompt = peer.findAll(postRequestedFor(urlEqualTo(CHAT))).get(0).getBodyAsString();
        assertTrue(prompt.contains("renderCheckout (src/checkout/cart.js:42) [in-app]"), prompt);
        assertTrue(prompt.contains("const total = cart.items.reduce"), "the frame's context line is in the prompt");
        assertTrue(prompt.contains("Environment: production"), prompt);
        assertEquals("openai:test-model", probe.incident(issueId).analyzedBy);
    }

    @Test
    void analysesWithoutEnrichmentWhenSentryFails() {
        String issueId = newIssueId();
        peer.stubFor(get(urlPathMatching("/api/0/issues/.*")).willReturn(aResponse().withStatus(503)));
        peer.stubFor(post(CHAT).willReturn(okJson(completion(GOOD_ANSWER, "stop"))));
        AnalysisScenario.post("issue.created", issueId);
        deliveries.drain();
        analyses.drain();

        peer.verify(1, getRequestedFor(urlEqualTo("/api/0/issues/" + issueId + "/events/latest/")));
        String prompt = peer.findAll(postRequestedFor(urlEqualTo(CHAT))).get(0).getBodyAsString();
        assertTrue(prompt.contains("No stack trace available."), prompt);
        assertEquals("openai:test-model", probe.incident(issueId).analyzedBy);
    }

    @Test
    void nothingPersonalFromTheFixturesReachesTheAnalyzer() {
        peer.stubFor(get(urlPathMatching("/api/0/issues/.*")).willReturn(okJson(SentryEvents.latestEventWithPersonalData())));
        peer.stubFor(post(CHAT).willReturn(okJson(completion(GOOD_ANSWER, "stop"))));
        for (String fixture : List.of("issue.created", "event_alert.triggered", "error.created", "issue.assigned")) {
            String id = newIssueId();
            if (fixture.equals("issue.assigned")) {
                AnalysisScenario.post("issue.created", id); // opens the incident; the assignment names a person
            }
            AnalysisScenario.post(fixture, id, tree -> SentryEvents.plantSecrets(tree));
        }
        deliveries.drain();
        analyses.drain();

        List<LoggedRequest> sent = peer.findAll(postRequestedFor(urlEqualTo(CHAT)));
        assertTrue(sent.size() >= 4, "every fixture was analysed: " + sent.size());
        for (LoggedRequest r : sent) {
            String body = r.getBodyAsString();
            for (String personal : SentryEvents.PERSONAL) {
                assertFalse(body.contains(personal), "leaked to the analyzer: " + personal);
            }
            assertTrue(body.contains(Scrubber.REDACTED), "scrubbed, not dropped");
        }
        peer.verify(postRequestedFor(urlEqualTo(CHAT)).withRequestBody(containing("user = [redacted]")));
    }

    private Incident analysedIncident(String fixture) {
        String issueId = newIssueId();
        AnalysisScenario.post(fixture, issueId);
        deliveries.drain();
        analyses.drain();
        return probe.incident(issueId);
    }
}
