package dev.sentrytriage.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.sentrytriage.support.TelegramStubs.MESSAGE_WAIT;
import static dev.sentrytriage.support.TelegramStubs.bodyOf;
import static dev.sentrytriage.support.TelegramStubs.json;
import static dev.sentrytriage.support.TelegramStubs.method;
import static dev.sentrytriage.support.TelegramStubs.requests;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.MutableClock;
import dev.sentrytriage.support.TelegramApiResource;
import dev.sentrytriage.support.TelegramStubs;
import dev.sentrytriage.support.TestIncidents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Quiet delivery by risk, a refused route chat falling back to the default chat, the test message, shared pace. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TelegramApiResource.class, restrictToAnnotatedClass = true)
class QuietFallbackAndTestMessageTest {

    static final MutableClock CLOCK = new MutableClock(
            Instant.now().minus(Duration.ofDays(50)).truncatedTo(ChronoUnit.SECONDS));

    @TelegramApiResource.Inject
    WireMockServer telegram;
    @Inject
    NotificationSender sender;
    @Inject
    ChatPace chatPace;
    @Inject
    TriageConfig config;

    @BeforeEach
    void setUp() {
        TelegramStubs.settle(telegram, sender, CLOCK);
    }

    @Test
    void belowNotifyMinRiskArrivesWithoutASoundAndCriticalAlwaysNotifies() throws Exception {
        long warning = TestIncidents.occur(TestIncidents.issue("quiet", "warning", "Slow page", List.of()),
                CLOCK.instant());
        long fatal = TestIncidents.occur(TestIncidents.issue("quiet", "fatal", "Checkout down", List.of()),
                CLOCK.instant());
        CLOCK.advance(MESSAGE_WAIT);
        for (int i = 0; i < 3; i++) {
            sender.pass();
            CLOCK.advance(Duration.ofSeconds(3)); // one group chat: one message per group interval
        }
        JsonNode quiet = body(requests(telegram, "sendMessage", warning));
        JsonNode loud = body(requests(telegram, "sendMessage", fatal));
        assertTrue(quiet.path("disable_notification").asBoolean(false), quiet.toString());
        assertFalse(loud.has("disable_notification"), loud.toString());
    }

    @Test
    void aRouteChatTelegramRefusesFallsBackToTheDefaultChatWithANote() throws Exception {
        telegram.stubFor(method("sendMessage").withRequestBody(matchingJsonPath("$.chat_id", com.github.tomakehurst.wiremock.client.WireMock
                .equalTo(TelegramApiResource.ROUTED_CHAT))).atPriority(1)
                .willReturn(json(400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}")));
        long id = TestIncidents.occur(TestIncidents.issue(TelegramApiResource.ROUTED_PROJECT, "error", "Ledger late",
                List.of()), CLOCK.instant());
        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();

        List<LoggedRequest> sent = requests(telegram, "sendMessage", id);
        assertEquals(2, sent.size(), "one try at the route's chat, one at the default chat");
        assertEquals(TelegramApiResource.ROUTED_CHAT, body(sent.subList(0, 1)).path("chat_id").asText());
        JsonNode fallback = bodyOf(sent.get(1));
        assertEquals(TelegramApiResource.CHAT, fallback.path("chat_id").asText());
        assertTrue(fallback.path("text").asText().startsWith("<i>Meant for chat " + TelegramApiResource.ROUTED_CHAT
                + ", which Telegram refused (400 Bad Request: chat not found).</i>"), fallback.toString());
        Object[] row = TestIncidents.lastNotification(id);
        assertEquals("SENT", row[0]);
        assertEquals(TelegramApiResource.CHAT, row[4]);
    }

    @Test
    void theTestMessageReportsWhatTelegramAnsweredForEveryConfiguredChat() {
        telegram.stubFor(method("sendMessage").withRequestBody(matchingJsonPath("$.chat_id", com.github.tomakehurst.wiremock.client.WireMock
                .equalTo(TelegramApiResource.ROUTED_CHAT))).atPriority(1)
                .willReturn(json(403, "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was kicked from the supergroup chat\"}")));
        given().auth().oauth2("test-api-token-current").post("/api/telegram/test").then().statusCode(200)
                .body("chats.size()", equalTo(3))
                .body("chats[0].chatId", equalTo(TelegramApiResource.CHAT))
                .body("chats[0].role", equalTo("default"))
                .body("chats[0].ok", equalTo(true))
                .body("chats[1].chatId", equalTo(TelegramApiResource.ROUTED_CHAT))
                .body("chats[1].ok", equalTo(false))
                .body("chats[1].errorCode", equalTo(403))
                .body("chats[1].description", equalTo("Forbidden: bot was kicked from the supergroup chat"));
        given().post("/api/telegram/test").then().statusCode(401);
    }

    @Test
    void twoReplicasPaceOneGroupTogetherThroughTheDatabase() {
        // two processes: each its own Pacer (its own per-second budget), one database
        Pacer replicaA = new Pacer(config, chatPace);
        Pacer replicaB = new Pacer(config, chatPace);
        String group = "-100777";
        String privateChat = "777";
        Instant start = CLOCK.instant();
        List<Instant> groupCalls = new java.util.ArrayList<>();
        List<Instant> privateCalls = new java.util.ArrayList<>();
        for (int step = 0; step < 240; step++) { // two minutes, both replicas trying every half second
            Instant now = start.plusMillis(500L * step);
            for (Pacer replica : List.of(replicaA, replicaB)) {
                if (!replica.reserve(group, now).isAfter(now)) {
                    groupCalls.add(now);
                }
                if (!replica.reserve(privateChat, now).isAfter(now)) {
                    privateCalls.add(now);
                }
            }
        }
        for (Instant call : groupCalls) {
            long inMinute = groupCalls.stream().filter(c -> !c.isBefore(call) && c.isBefore(call.plusSeconds(60)))
                    .count();
            assertTrue(inMinute <= 20, "Telegram answers 429 above 20 a minute in a group: " + inMinute);
        }
        assertEquals(40, groupCalls.size(), "the group's whole pace is used");
        assertEquals(120, privateCalls.size(), "a private chat: one a second over both replicas");

        // a 429 one replica drew holds the other too
        Instant later = start.plus(Duration.ofMinutes(5));
        replicaA.block(group, later.plusSeconds(30));
        assertEquals(later.plusSeconds(30), replicaB.reserve(group, later));
    }

    private JsonNode body(List<LoggedRequest> sent) throws Exception {
        assertEquals(1, sent.size());
        return bodyOf(sent.get(0));
    }
}
