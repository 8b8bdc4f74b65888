package dev.sentrytriage.analysis;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.sentrytriage.analysis.AnalysisScenario.newIssueId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.IncidentProbe;
import dev.sentrytriage.support.WireMockPeers;
import dev.sentrytriage.worker.DeliveryWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(HttpAnalyzerProfile.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class HttpAnalyzerTest {

    static final String ANSWER = """
            {"root_cause":"heck is used but never declared in the page script.","impact":"The runner page breaks.",
             "fix_suggestion":"Declare heck before use.","prevention":"Lint with no-undef.","confidence":0.7,
             "analyzed_by":"triage-llm v2"}""";

    @WireMockPeers.Peer
    WireMockServer peer;

    @Inject
    DeliveryWorker deliveries;
    @Inject
    AnalysisWorker analyses;
    @Inject
    IncidentProbe probe;
    @Inject
    HttpAnalyzerClient http;

    @BeforeEach
    void quiet() {
        peer.resetAll();
        peer.stubFor(post("/analyze").willReturn(okJson(ANSWER)));
        deliveries.drain();
        analyses.drain();
        peer.resetAll();
        http.guard().reset();
    }

    @Test
    void postsTheScrubbedContextAndStoresTheContractAnswer() {
        peer.stubFor(post("/analyze").willReturn(okJson(ANSWER)));
        String issueId = newIssueId();
        AnalysisScenario.post("event_alert.triggered", issueId);
        deliveries.drain();
        analyses.drain();

        Incident i = probe.incident(issueId);
        assertEquals("heck is used but never declared in the page script.", i.rootCause);
        assertEquals("Declare heck before use.", i.fixSuggestion);
        assertEquals(0.7, i.confidence, 1e-9);
        assertEquals("http:triage-llm v2", i.analyzedBy);
        assertNull(i.analysisDueAt);
        peer.verify(1, postRequestedFor(urlEqualTo("/analyze"))
                .withRequestBody(matchingJsonPath("$.issueId", com.github.tomakehurst.wiremock.client.WireMock.equalTo(issueId)))
                .withRequestBody(matchingJsonPath("$.exceptionType", com.github.tomakehurst.wiremock.client.WireMock.equalTo("ReferenceError")))
                .withRequestBody(matchingJsonPath("$.frames[0].filename"))
                .withRequestBody(matchingJsonPath("$.triggeredRule")));
        String body = peer.findAll(postRequestedFor(urlEqualTo("/analyze"))).get(0).getBodyAsString();
        assertFalse(body.contains("162.217.75.90"), "the user's IP is scrubbed");
        assertTrue(body.contains("[redacted]"));
    }

    @Test
    void aBadRequestIsNotRetriedAndFallsBackToTheHeuristic() {
        peer.stubFor(post("/analyze").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"bad context\"}")));
        String issueId = newIssueId();
        AnalysisScenario.post("error.created", issueId);
        deliveries.drain();
        analyses.drain();

        assertEquals("heuristic (http failed: HTTP 400)", probe.incident(issueId).analyzedBy);
        peer.verify(1, postRequestedFor(urlEqualTo("/analyze")));
    }

    @Test
    void anAnswerWithoutRootCauseFallsBack() {
        peer.stubFor(post("/analyze").willReturn(okJson("{\"impact\":\"?\",\"confidence\":3}")));
        String issueId = newIssueId();
        AnalysisScenario.post("error.created", issueId);
        deliveries.drain();
        analyses.drain();

        assertEquals("heuristic (http failed: answer without root_cause)", probe.incident(issueId).analyzedBy);
    }
}
