package dev.sentrytriage.source;

import static dev.sentrytriage.support.Incidents.api;
import static dev.sentrytriage.support.SourceWebhooks.fixture;
import static dev.sentrytriage.support.TelegramStubs.MESSAGE_WAIT;
import static dev.sentrytriage.support.TelegramStubs.bodyOf;
import static dev.sentrytriage.support.TelegramStubs.requests;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.sentrytriage.notify.NotificationSender;
import dev.sentrytriage.support.MutableClock;
import dev.sentrytriage.support.SourceWebhooks;
import dev.sentrytriage.support.TelegramApiResource;
import dev.sentrytriage.support.TelegramStubs;
import dev.sentrytriage.support.WebhookTestBase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every source's incidents reach Telegram with a button naming the right system, and with the changes before. */
@QuarkusTest
@QuarkusTestResource(value = TelegramApiResource.class, restrictToAnnotatedClass = true)
class SourcesTelegramTest extends WebhookTestBase {

    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @TelegramApiResource.Inject
    WireMockServer telegram;

    @Inject
    NotificationSender sender;

    @BeforeEach
    void setUp() {
        TelegramStubs.settle(telegram, sender, CLOCK);
    }

    JsonNode sentAbout(long incidentId) throws Exception {
        worker.drain();
        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();
        List<LoggedRequest> sent = requests(telegram, "sendMessage", incidentId);
        assertEquals(1, sent.size());
        return bodyOf(sent.get(0));
    }

    long incident(String source) {
        worker.drain();
        return ((Number) db.single("select id from incident where source = ?1", source)).longValue();
    }

    @Test
    void anAlertmanagerAlertLinksToAlertmanager() throws Exception {
        SourceWebhooks.alertmanager(fixture("alertmanager", "firing.json")).statusCode(202);
        long id = incident("alertmanager");
        JsonNode body = sentAbout(id);
        JsonNode button = body.path("reply_markup").path("inline_keyboard").get(0).get(0);
        assertEquals("Open in Alertmanager", button.path("text").asText());
        assertEquals("http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1",
                button.path("url").asText());
        assertTrue(body.path("text").asText().contains("ProbeFailure: BlackBox Probe Failure"));
        api().get("/api/incidents/" + id).then().statusCode(200).body("source", equalTo("alertmanager"))
                .body("links.alertmanager", equalTo(button.path("url").asText()));
    }

    @Test
    void aFailedBuildLinksToTheBuild() throws Exception {
        SourceWebhooks.foundries(fixture("foundries", "build-failed-detailed.json")).statusCode(202);
        long id = incident("foundries");
        JsonNode button = sentAbout(id).path("reply_markup").path("inline_keyboard").get(0).get(0);
        assertEquals("Open build", button.path("text").asText());
        assertEquals("https://ci.foundries.io/projects/andy-corp/lmp/builds/67", button.path("url").asText());
        api().get("/api/incidents/" + id).then().statusCode(200).body("links.build", equalTo(button.path("url").asText()));
    }

    @Test
    void theChangesOfTheHourBeforeAnIncidentAreInItsMessageAndInTheApi() throws Exception {
        long now = CLOCK.instant().getEpochSecond();
        SourceWebhooks.generic("chg-1", now, "{\"type\":\"change\",\"title\":\"deploy shop 1.4.3\",\"project\":\"shop\","
                + "\"url\":\"https://ci.example.com/deploys/9\"}").statusCode(202);
        SourceWebhooks.generic("chg-0", now, "{\"type\":\"change\",\"title\":\"deploy billing 2.0\","
                + "\"project\":\"billing\"}").statusCode(202);
        worker.drain();
        CLOCK.advance(Duration.ofMinutes(10));
        now = CLOCK.instant().getEpochSecond();
        SourceWebhooks.generic("alert-1", now, "{\"key\":\"checkout-5xx\",\"title\":\"Checkout answers 5xx\","
                + "\"project\":\"shop\",\"url\":\"https://grafana.example.com/d/1\"}").statusCode(202);
        long id = incident("deploys");
        JsonNode body = sentAbout(id);
        String text = body.path("text").asText();
        assertTrue(text.contains("changes before: deploy shop 1.4.3 (deploys, "), text);
        assertTrue(!text.contains("billing"), "another project's change is not shown");
        assertEquals("Open in deploys",
                body.path("reply_markup").path("inline_keyboard").get(0).get(0).path("text").asText());
        api().get("/api/incidents/" + id).then().statusCode(200)
                .body("changes.size()", equalTo(1))
                .body("changes[0].source", equalTo("deploys"))
                .body("changes[0].title", equalTo("deploy shop 1.4.3"))
                .body("changes[0].url", equalTo("https://ci.example.com/deploys/9"))
                .body("links.deploys", equalTo("https://grafana.example.com/d/1"));
    }
}
