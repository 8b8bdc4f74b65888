package dev.sentrytriage.notify;

import static dev.sentrytriage.support.TelegramStubs.bodyOf;
import static dev.sentrytriage.support.TelegramStubs.path;
import static dev.sentrytriage.support.TelegramStubs.requests;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.LogCapture;
import dev.sentrytriage.support.MutableClock;
import dev.sentrytriage.support.TelegramApiResource;
import dev.sentrytriage.support.TelegramStubs;
import dev.sentrytriage.support.TestIncidents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TelegramApiResource.class, restrictToAnnotatedClass = true)
class TelegramWebhookResourceTest {

    /** Only moves forward; each test starts from an empty database, whatever ran before it. */
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @TelegramApiResource.Inject
    WireMockServer telegram;

    @Inject
    NotificationSender sender;

    @Inject
    Database db;

    @BeforeEach
    void setUp() {
        db.reset();
        TelegramStubs.settle(telegram, sender, CLOCK);
    }

    @Test
    void acknowledgeButtonChangesTheIncidentAnswersAndEditsTheMessage() throws Exception {
        long id = openAndSend();
        String queryId = "cq-" + id;

        press(TelegramApiResource.WEBHOOK_SECRET, update(queryId, TelegramApiResource.CHAT, TelegramApiResource.USER,
                "ack:" + id)).statusCode(200).body("status", equalTo("applied"));

        Incident incident = TestIncidents.find(id);
        assertEquals(IncidentStatus.ACKNOWLEDGED, incident.status);
        assertEquals("@alice", incident.statusChangedBy);
        assertEquals("Acknowledged incident #" + id + ".", answerTo(queryId));

        CLOCK.advance(Duration.ofSeconds(3));
        sender.pass();
        List<LoggedRequest> edits = requests(telegram, "editMessageText", id);
        assertEquals(1, edits.size());
        JsonNode edit = bodyOf(edits.get(0));
        assertTrue(edit.path("text").asText().contains("<b>Acknowledged</b> by @alice at "), edit.path("text").asText());
        assertEquals(TestIncidents.lastNotification(id)[3], edit.path("message_id").asLong(),
                "the episode's message is edited, no new one");
    }

    @Test
    void wrongOrMissingSecretIsRefusedAndChangesNothing() {
        long id = openAndSend();
        String body = update("cq-x" + id, TelegramApiResource.CHAT, TelegramApiResource.USER, "res:" + id);

        press("not-the-secret", body).statusCode(401);
        press(null, body).statusCode(401);
        press(TelegramApiResource.WEBHOOK_SECRET + "x", body).statusCode(401);

        assertEquals(IncidentStatus.OPEN, TestIncidents.find(id).status);
        assertEquals(0, telegram.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo(path("answerCallbackQuery"))))
                .size());
    }

    @Test
    void pressFromAForeignChatOrUserIsRefused() {
        long id = openAndSend();

        press(TelegramApiResource.WEBHOOK_SECRET, update("cq-chat" + id, "-999", TelegramApiResource.USER, "res:" + id))
                .statusCode(200).body("status", equalTo("refused"));
        press(TelegramApiResource.WEBHOOK_SECRET, update("cq-user" + id, TelegramApiResource.CHAT, 666, "res:" + id))
                .statusCode(200).body("status", equalTo("refused"));

        assertEquals(IncidentStatus.OPEN, TestIncidents.find(id).status);
        assertEquals("Not allowed here.", answerTo("cq-chat" + id));
    }

    @Test
    void sameUpdateIsAppliedOnce() {
        long id = openAndSend();
        String body = update("cq-m" + id, TelegramApiResource.CHAT, TelegramApiResource.USER, "mute:" + id);

        press(TelegramApiResource.WEBHOOK_SECRET, body).statusCode(200).body("status", equalTo("applied"));
        Instant mutedUntil = TestIncidents.find(id).mutedUntil;
        assertEquals(CLOCK.instant().plus(Duration.ofHours(4)), mutedUntil, "as long as TRIAGE_TELEGRAM_MUTE_FOR says");

        CLOCK.advance(Duration.ofMinutes(5));
        press(TelegramApiResource.WEBHOOK_SECRET, body).statusCode(200).body("status", equalTo("duplicate"));
        assertEquals(mutedUntil, TestIncidents.find(id).mutedUntil, "a redelivered update mutes no longer");
    }

    @Test
    void buttonOfAResolvedOrVanishedIncidentGetsAClearAnswer() {
        long id = openAndSend();
        press(TelegramApiResource.WEBHOOK_SECRET, update("cq-r" + id, TelegramApiResource.CHAT, TelegramApiResource.USER,
                "res:" + id)).body("status", equalTo("applied"));

        press(TelegramApiResource.WEBHOOK_SECRET, update("cq-a" + id, TelegramApiResource.CHAT, TelegramApiResource.USER,
                "ack:" + id)).statusCode(200).body("status", equalTo("unchanged"));
        assertEquals("Incident #" + id + " was resolved meanwhile; reopen it first.", answerTo("cq-a" + id));
        press(TelegramApiResource.WEBHOOK_SECRET, update("cq-rr" + id, TelegramApiResource.CHAT, TelegramApiResource.USER,
                "res:" + id)).statusCode(200).body("status", equalTo("unchanged"));
        assertEquals("Incident #" + id + " is already resolved by @alice.", answerTo("cq-rr" + id));

        long gone = Long.MAX_VALUE - id;
        press(TelegramApiResource.WEBHOOK_SECRET, update("cq-g" + id, TelegramApiResource.CHAT, TelegramApiResource.USER,
                "ack:" + gone)).statusCode(200).body("status", equalTo("unchanged"));
        assertEquals("Incident #" + gone + " no longer exists.", answerTo("cq-g" + id));
    }

    @Test
    void valuesFromTheUpdateCannotForgeLogLines() {
        long id = openAndSend();
        String forged = "\\nINFO  [x] forged\\u2028\\u202e";
        String named = update("cq-f" + id, TelegramApiResource.CHAT, TelegramApiResource.USER, "ack:" + id)
                .replace("\"username\":\"alice\"", "\"username\":\"\"")
                .replace("\"first_name\":\"Alice\"", "\"first_name\":\"Eve" + forged + "\"");
        String foreign = update("cq-fc" + id, "\"-1001" + forged + "\"", TelegramApiResource.USER, "res:" + id);

        try (LogCapture log = LogCapture.start()) {
            press(TelegramApiResource.WEBHOOK_SECRET, named).statusCode(200).body("status", equalTo("applied"));
            press(TelegramApiResource.WEBHOOK_SECRET, foreign).statusCode(200).body("status", equalTo("refused"));

            List<String> lines = log.lines().stream().filter(l -> l.contains("forged")).toList();
            assertEquals(2, lines.size(), log.lines().toString());
            for (String line : lines) {
                assertTrue(line.chars().noneMatch(c -> c == '\n' || c == '\r' || c == 0x2028 || c == 0x202e), line);
            }
        }
        assertTrue(TestIncidents.find(id).statusChangedBy.startsWith("Eve\nINFO"), "the name itself is kept");
    }

    @Test
    void unmuteButtonOnAMutedIncidentOpensItAgain() throws Exception {
        long id = openAndSend();
        JsonNode sent = bodyOf(requests(telegram, "sendMessage", id).get(0));
        assertEquals("🔕 Mute 4h", sent.path("reply_markup").path("inline_keyboard").get(1).get(1).path("text").asText(),
                "the label says what TRIAGE_TELEGRAM_MUTE_FOR does");
        press(TelegramApiResource.WEBHOOK_SECRET, update("cq-um" + id, TelegramApiResource.CHAT,
                TelegramApiResource.USER, "mute:" + id)).body("status", equalTo("applied"));
        CLOCK.advance(Duration.ofSeconds(3));
        sender.pass();
        JsonNode muted = bodyOf(requests(telegram, "editMessageText", id).get(0));
        assertEquals("unm:" + id, muted.path("reply_markup").path("inline_keyboard").get(1).get(1).path("callback_data")
                .asText(), "a muted incident offers Unmute");

        press(TelegramApiResource.WEBHOOK_SECRET, update("cq-un" + id, TelegramApiResource.CHAT,
                TelegramApiResource.USER, "unm:" + id)).statusCode(200).body("status", equalTo("applied"));
        assertEquals(IncidentStatus.OPEN, TestIncidents.find(id).status);
        assertEquals("Unmuted incident #" + id + ".", answerTo("cq-un" + id));
        press(TelegramApiResource.WEBHOOK_SECRET, update("cq-un2" + id, TelegramApiResource.CHAT,
                TelegramApiResource.USER, "unm:" + id)).statusCode(200).body("status", equalTo("unchanged"));
        assertEquals("Incident #" + id + " is not muted (open).", answerTo("cq-un2" + id));
    }

    @Test
    void reopenButtonOnAResolvedIncidentOpensItAgain() throws Exception {
        long id = openAndSend();
        press(TelegramApiResource.WEBHOOK_SECRET, update("cq-rs" + id, TelegramApiResource.CHAT,
                TelegramApiResource.USER, "res:" + id)).body("status", equalTo("applied"));
        CLOCK.advance(Duration.ofSeconds(3));
        sender.pass();
        JsonNode resolved = bodyOf(requests(telegram, "editMessageText", id).get(0));
        JsonNode actions = resolved.path("reply_markup").path("inline_keyboard").get(1);
        assertEquals(1, actions.size(), "a resolved incident offers Reopen only");
        assertEquals("reo:" + id, actions.get(0).path("callback_data").asText());

        press(TelegramApiResource.WEBHOOK_SECRET, update("cq-ro" + id, TelegramApiResource.CHAT,
                TelegramApiResource.USER, "reo:" + id)).statusCode(200).body("status", equalTo("applied"));
        assertEquals(IncidentStatus.OPEN, TestIncidents.find(id).status);
        assertEquals("Reopened incident #" + id + ".", answerTo("cq-ro" + id));
    }

    @Test
    void malformedUpdateWithTheRightSecretIsABadRequest() {
        press(TelegramApiResource.WEBHOOK_SECRET, "{not json").statusCode(400);
    }

    private long openAndSend() {
        long id = TestIncidents.occur(TestIncidents.issue("checkout", "error", "Button target", List.of()),
                CLOCK.instant());
        CLOCK.advance(Duration.ofSeconds(31));
        sender.pass();
        assertEquals("SENT", TestIncidents.lastNotification(id)[0]);
        return id;
    }

    private String answerTo(String queryId) {
        List<LoggedRequest> answers = telegram.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo(
                path("answerCallbackQuery"))).withRequestBody(WireMock.matchingJsonPath("$.callback_query_id",
                        WireMock.equalTo(queryId))));
        assertEquals(1, answers.size(), "every press is answered once");
        return bodyOf(answers.get(0)).path("text").asText();
    }

    private static ValidatableResponse press(String secret, String body) {
        var request = given().contentType("application/json").body(body);
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return request.when().post("/webhooks/telegram").then();
    }

    /** A callback_query update shaped like Telegram's. */
    private static String update(String queryId, String chatId, long userId, String data) {
        long updateId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        return """
                {"update_id":%d,"callback_query":{"id":"%s","from":{"id":%d,"is_bot":false,"first_name":"Alice",
                "username":"alice"},"message":{"message_id":1,"date":1700000000,"chat":{"id":%s,"type":"supergroup",
                "title":"On-call"},"text":"..."},"chat_instance":"42","data":"%s"}}"""
                .formatted(updateId, queryId, userId, chatId, data);
    }
}
