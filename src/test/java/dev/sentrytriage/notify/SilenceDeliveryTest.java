package dev.sentrytriage.notify;

import static dev.sentrytriage.support.Incidents.api;
import static dev.sentrytriage.support.TelegramStubs.MESSAGE_WAIT;
import static dev.sentrytriage.support.TelegramStubs.requests;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.silence.SilenceService;
import dev.sentrytriage.silence.SilencesChanged;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.MutableClock;
import dev.sentrytriage.support.TelegramApiResource;
import dev.sentrytriage.support.TelegramStubs;
import dev.sentrytriage.support.TestIncidents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Silences and maintenance windows against the Telegram fake: messages held, one released, survival of a restart. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TelegramApiResource.class, restrictToAnnotatedClass = true)
class SilenceDeliveryTest {

    /** Starts in the past (other classes' rows are never due here) and only moves forward. */
    static final MutableClock CLOCK = new MutableClock(
            Instant.now().minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.SECONDS));

    @TelegramApiResource.Inject
    WireMockServer telegram;

    @Inject
    NotificationSender sender;

    @Inject
    SilenceService silences;

    @Inject
    ObjectMapper mapper;

    @Inject
    Event<SilencesChanged> changed;

    @Inject
    TriageConfig config;

    @BeforeEach
    void setUp() {
        TelegramStubs.settle(telegram, sender, CLOCK);
    }

    @Test
    void holdsASilencedIncidentAndSendsExactlyOneMessageWhenTheSilenceEndsWhileItStillFires() {
        String project = "silenced-" + UUID.randomUUID();
        silence(project, "Timeout.*", Duration.ofHours(1));
        IssueContext timeout = TestIncidents.issue(project, "error", "Timeout talking to the ledger", List.of());
        long held = TestIncidents.occur(timeout, CLOCK.instant());
        long other = TestIncidents.occur(TestIncidents.issue(project, "error", "KeyError: 'sku'", List.of()),
                CLOCK.instant());

        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();
        CLOCK.advance(Duration.ofSeconds(5)); // in case another message of the chat went first (pacing)
        sender.pass();
        assertEquals(1, requests(telegram, "sendMessage", other).size(), "only matching incidents are silenced");
        assertEquals(0, requests(telegram, "sendMessage", held).size());

        for (int i = 0; i < 5; i++) { // it keeps firing during the silence: counted, nothing sent
            CLOCK.advance(Duration.ofMinutes(10));
            TestIncidents.occur(timeout, CLOCK.instant());
            sender.pass();
        }
        assertEquals(0, requests(telegram, "sendMessage", held).size() + requests(telegram, "editMessageText", held)
                .size());
        Incident stored = TestIncidents.find(held);
        assertEquals(6, stored.occurrences);
        assertNotNull(stored.analysisDueAt, "a silenced incident is still analysed");

        CLOCK.advance(Duration.ofMinutes(10)); // the silence is over
        sender.pass();
        for (int i = 0; i < 5; i++) {
            CLOCK.advance(Duration.ofMinutes(1));
            sender.pass();
        }
        assertEquals(1, requests(telegram, "sendMessage", held).size());
        assertEquals(0, requests(telegram, "editMessageText", held).size());
        assertTrue(requests(telegram, "sendMessage", held).get(0).getBodyAsString().contains("Timeout talking"));
        assertEquals("SENT", TestIncidents.lastNotification(held)[0]);
    }

    @Test
    void dropsTheHeldMessageWhenTheIncidentWasResolvedDuringTheSilence() {
        String project = "silenced-" + UUID.randomUUID();
        silence(project, ".*", Duration.ofHours(1));
        long held = TestIncidents.occur(TestIncidents.issue(project, "error", "Timeout", List.of()), CLOCK.instant());
        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();
        api().post("/api/incidents/{id}/resolve", held).then().statusCode(200);

        CLOCK.advance(Duration.ofHours(1));
        sender.pass();
        CLOCK.advance(Duration.ofMinutes(1));
        sender.pass();
        assertEquals(0, requests(telegram, "sendMessage", held).size());
        assertEquals("SILENCED", TestIncidents.lastNotification(held)[0]);
    }

    @Test
    void expiringASilenceReleasesWhatItHeldOnceEveryReplicaHasSeenIt() {
        String project = "silenced-" + UUID.randomUUID();
        String id = silence(project, ".*", Duration.ofDays(1));
        long held = TestIncidents.occur(TestIncidents.issue(project, "error", "Timeout", List.of()), CLOCK.instant());
        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();
        assertEquals(0, requests(telegram, "sendMessage", held).size());

        api().delete("/api/silences/{id}", id).then().statusCode(204);
        sender.pass();
        assertEquals(0, requests(telegram, "sendMessage", held).size(), "not before the refresh time");
        CLOCK.advance(config.silenceRefresh());
        sender.pass();
        assertEquals(1, requests(telegram, "sendMessage", held).size());
    }

    @Test
    void aMaintenanceWindowFromTheConfigurationHoldsMessages() {
        long held = TestIncidents.occur(TestIncidents.issue("maintenance-demo", "fatal", "Batch " + UUID.randomUUID(),
                List.of()), CLOCK.instant());
        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();
        CLOCK.advance(Duration.ofHours(3));
        sender.pass();
        assertEquals(0, requests(telegram, "sendMessage", held).size());
    }

    @Test
    void aSilenceIsStoredAndHoldsAfterARestart() {
        String project = "silenced-" + UUID.randomUUID();
        silence(project, ".*", Duration.ofHours(1));
        Incident incident = new Incident();
        incident.project = project;
        // a new instance knows nothing in memory, as after a restart or on another replica
        SilenceService restarted = new SilenceService(CLOCK, mapper, changed, config);
        assertTrue(restarted.hold(incident, CLOCK.instant()).isPresent());
        assertEquals(CLOCK.instant().plus(Duration.ofHours(1)), restarted.hold(incident, CLOCK.instant()).get().until());
        incident.project = project + "-other";
        assertTrue(restarted.hold(incident, CLOCK.instant()).isEmpty());
    }

    @Test
    void theApiShowsWhereAnIncidentIsRouted() {
        long routed = TestIncidents.occur(TestIncidents.issue(TelegramApiResource.ROUTED_PROJECT, "fatal",
                "Ledger " + UUID.randomUUID(), List.of()), CLOCK.instant());
        long fallback = TestIncidents.occur(TestIncidents.issue("web-" + UUID.randomUUID(), "error", "Oops",
                List.of()), CLOCK.instant());
        api().get("/api/incidents/{id}", routed).then().statusCode(200)
                .body("routedTo", equalTo(TelegramApiResource.ROUTED_CHAT)).body("route", equalTo("routes[0]"));
        api().get("/api/incidents/{id}", fallback).then().statusCode(200)
                .body("routedTo", equalTo(TelegramApiResource.CHAT)).body("route", equalTo("default"));
        api().get("/api/incidents?project=" + TelegramApiResource.ROUTED_PROJECT).then().statusCode(200)
                .body("items[0].routedTo", equalTo(TelegramApiResource.ROUTED_CHAT));
    }

    /** A silence of the project's incidents whose title matches, from now for {@code length}; returns its id. */
    private String silence(String project, String title, Duration length) {
        return api().contentType(ContentType.JSON).body("{\"matchers\":[{\"field\":\"project\",\"op\":\"=\",\"value\":\""
                + project + "\"},{\"field\":\"title\",\"op\":\"=~\",\"value\":\"" + title + "\"}],\"startsAt\":\""
                + CLOCK.instant() + "\",\"endsAt\":\"" + CLOCK.instant().plus(length) + "\",\"comment\":\"test\"}")
                .post("/api/silences").then().statusCode(201).extract().path("id");
    }
}
