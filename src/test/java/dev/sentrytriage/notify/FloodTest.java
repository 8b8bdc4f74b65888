package dev.sentrytriage.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.sentrytriage.support.TelegramStubs.bodyOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.sentrytriage.analysis.AnalysisWorker;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentService;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.MutableClock;
import dev.sentrytriage.support.TelegramApiResource;
import dev.sentrytriage.support.TelegramStubs;
import dev.sentrytriage.support.TestIncidents;
import dev.sentrytriage.support.WireMockPeers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A bad deploy: thousands of distinct new issues in one project within a minute. */
@QuarkusTest
@TestProfile(NoiseProfile.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class FloodTest {

    static final MutableClock CLOCK = new MutableClock(
            Instant.now().minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.MINUTES));
    static final String ANSWER = """
            {"root_cause":"The deploy broke it.","impact":"Pages fail.","fix_suggestion":"Roll back.",
             "prevention":"Canary.","confidence":0.7,"analyzed_by":"llm"}""";

    @TelegramApiResource.Inject
    WireMockServer telegram;
    @WireMockPeers.Peer
    WireMockServer ai;
    @Inject
    NotificationSender sender;
    @Inject
    AnalysisWorker analyses;
    @Inject
    IncidentService incidents;
    @BeforeEach
    void setUp() {
        TelegramStubs.settle(telegram, sender, CLOCK);
        analyses.drain();
        ai.resetAll();
        ai.stubFor(post("/analyze").willReturn(okJson(ANSWER)));
    }

    @Test
    void fiveThousandNewIssuesInAMinuteAreAllStoredInAHandfulOfMessagesWithinTheAiBudget() throws Exception {
        String project = "deploy-" + UUID.randomUUID().toString().substring(0, 8);
        List<Long> critical = new ArrayList<>();
        // 50 worker batches of 100 new issues, 1.2 s apart: 5,000 in one minute; three of them fatal (CRITICAL)
        for (int batch = 0; batch < 50; batch++) {
            int b = batch;
            List<Long> ids = QuarkusTransaction.requiringNew().call(() -> {
                List<Long> opened = new ArrayList<>();
                for (int n = 0; n < 100; n++) {
                    boolean fatal = b == 49 && n >= 97;
                    IssueContext ctx = TestIncidents.issue(project, fatal ? "fatal" : "error",
                            "NullPointerException in handler " + b + "-" + n, List.of());
                    opened.add(incidents.apply(ctx, UUID.randomUUID(), CLOCK.instant()).id);
                }
                return opened;
            });
            if (batch == 49) {
                critical.addAll(ids.subList(97, 100));
            }
            sender.pass();
            CLOCK.advance(Duration.ofMillis(1200));
        }
        analyses.drain();
        for (int i = 0; i < 20; i++) { // the messages waiting for the analyses, paced at one per 3 s in the group
            sender.pass();
            CLOCK.advance(Duration.ofSeconds(3));
        }

        assertEquals(5000L, count("select count(*) from incident where project = ?1", project), "all stored");
        assertEquals(5000L, count("select count(*) from notify_flood_incident m join notify_flood f on f.id = m.flood_id"
                + " where f.project = ?1", project), "all counted in the flood");
        List<LoggedRequest> sent = telegram.findAll(postRequestedFor(urlEqualTo(TelegramStubs.path("sendMessage"))));
        assertEquals(4, sent.size(), "one flood message and one per CRITICAL incident: " + sent.size());
        LoggedRequest flood = sent.stream().filter(r -> r.getBodyAsString().contains("Flood of new issues"))
                .findFirst().orElseThrow();
        String text = bodyOf(flood).path("text").asText();
        assertTrue(text.contains(project), text);
        assertTrue(text.contains("GET /api/incidents?project=" + project), text);
        for (long id : critical) {
            assertEquals(1, TelegramStubs.requests(telegram, "sendMessage", id).size(), "CRITICAL keeps its own");
        }
        List<LoggedRequest> edits = telegram.findAll(postRequestedFor(urlEqualTo(TelegramStubs.path("editMessageText"))));
        assertTrue(!edits.isEmpty(), "the flood message is edited as it grows");
        String last = bodyOf(edits.get(edits.size() - 1)).path("text").asText();
        assertTrue(last.contains("5000 new issues"), last);

        // the AI's budget: 30 calls in this minute, the rest answered by the heuristic for now
        ai.verify(30, postRequestedFor(urlEqualTo("/analyze")));
        assertEquals(0L, count("select count(*) from incident where project = ?1 and analyzed_by is null", project));
        for (long id : critical) {
            assertEquals("http:llm", TestIncidents.find(id).analyzedBy, "the budget goes to the riskiest first");
        }

        // next minute: the budget goes to the riskiest first
        CLOCK.advance(Duration.ofMinutes(1));
        ai.resetRequests();
        analyses.drain();
        ai.verify(30, postRequestedFor(urlEqualTo("/analyze")));
        assertEquals(60L, count("select count(*) from incident where project = ?1 and analyzed_by = 'http:llm'",
                project));
    }

    private static long count(String sql, String project) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Incident.getEntityManager()
                .createNativeQuery(sql).setParameter(1, project).getSingleResult()).longValue());
    }
}
