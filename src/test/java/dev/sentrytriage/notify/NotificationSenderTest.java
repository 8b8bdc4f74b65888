package dev.sentrytriage.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.sentrytriage.support.TelegramStubs.MESSAGE_WAIT;
import static dev.sentrytriage.support.TelegramStubs.bodyOf;
import static dev.sentrytriage.support.TelegramStubs.json;
import static dev.sentrytriage.support.TelegramStubs.method;
import static dev.sentrytriage.support.TelegramStubs.okMessage;
import static dev.sentrytriage.support.TelegramStubs.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.infra.SqlTime;
import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.MutableClock;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.StatementCounter;
import dev.sentrytriage.support.TelegramApiResource;
import dev.sentrytriage.support.TelegramStubs;
import dev.sentrytriage.support.TestIncidents;
import dev.sentrytriage.support.Webhooks;
import dev.sentrytriage.worker.DeliveryWorker;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TelegramApiResource.class, restrictToAnnotatedClass = true)
class NotificationSenderTest {

    /** Only moves forward; each test starts from an empty database, whatever ran before it. */
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

    @TelegramApiResource.Inject
    WireMockServer telegram;

    @Inject
    NotificationSender sender;

    @Inject
    Database db;

    @Inject
    DeliveryWorker deliveries;

    @Inject
    NotificationClaims claims;

    @Inject
    MeterRegistry meters;

    @Inject
    TriageConfig config;

    @BeforeEach
    void setUp() {
        db.reset();
        TelegramStubs.settle(telegram, sender, CLOCK);
    }

    @Test
    void sendsOneHtmlMessageWithButtonsIntoTheTopicOnceTheAnalysisWaitIsOver() throws Exception {
        long id = open(TestIncidents.issue("checkout", "error", "<script>alert(1)</script> & friends", List.of()));

        sender.pass();
        assertEquals(0, requests(telegram, "sendMessage", id).size(), "the first message waits for the analysis");

        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();

        List<LoggedRequest> sent = requests(telegram, "sendMessage", id);
        assertEquals(1, sent.size());
        JsonNode body = bodyOf(sent.get(0));
        assertEquals(TelegramApiResource.CHAT, body.path("chat_id").asText());
        assertEquals(TelegramApiResource.THREAD, body.path("message_thread_id").asInt());
        assertEquals("HTML", body.path("parse_mode").asText());
        String text = body.path("text").asText();
        assertTrue(text.contains("<b>&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends</b>"), text);
        assertFalse(text.contains("<script>"));
        JsonNode keyboard = body.path("reply_markup").path("inline_keyboard");
        assertEquals("Open in Sentry", keyboard.get(0).get(0).path("text").asText());
        assertTrue(keyboard.get(0).get(0).path("url").asText().startsWith("https://sentry.example.com/"));
        assertEquals("ack:" + id, keyboard.get(1).get(0).path("callback_data").asText());
        assertEquals("mute:" + id, keyboard.get(1).get(1).path("callback_data").asText());
        assertEquals("res:" + id, keyboard.get(1).get(2).path("callback_data").asText());
        assertFalse(keyboard.get(0).get(0).has("callback_data"), "a link button has no callback_data, not even null");
        assertFalse(keyboard.get(1).get(0).has("url"), "a callback button has no url, not even null");
        assertTrue(body.path("link_preview_options").path("is_disabled").asBoolean(), body.toString());

        Object[] row = TestIncidents.lastNotification(id);
        assertEquals("SENT", row[0]);
        assertTrue(((Number) row[3]).longValue() > 1000, "the message id is kept for edits");
    }

    @Test
    void scrubsPersonalDataAndSecretsFromTheMessage() throws Exception {
        String key = "sk-" + "proj1234567890abcdefXYZ"; // split, so secret scanners do not flag this file
        long id = open(TestIncidents.issue("checkout", "error", "Login failed for alice@example.com token=" + key,
                List.of()));
        TestIncidents.update(id, i -> {
            i.rootCause = "bob@example.org sent api_key=" + key + " from 203.0.113.7";
            i.analyzedBy = "heuristic";
        });
        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();

        List<LoggedRequest> sent = requests(telegram, "sendMessage", id);
        assertEquals(1, sent.size());
        String body = sent.get(0).getBodyAsString();
        for (String secret : List.of("alice@example.com", "bob@example.org", key, "203.0.113.7")) {
            assertFalse(body.contains(secret), secret + " reached Telegram: " + body);
        }
        String text = bodyOf(sent.get(0)).path("text").asText();
        assertTrue(text.contains("Login failed for [redacted] token=[redacted]"), text);
    }

    @Test
    void routesByProjectAndMinimumRisk() throws Exception {
        long critical = open(TestIncidents.issue(TelegramApiResource.ROUTED_PROJECT, "fatal", "Ledger lost", List.of()));
        long warning = open(TestIncidents.issue(TelegramApiResource.ROUTED_PROJECT, "warning", "Slow ledger", List.of()));
        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();

        assertEquals(TelegramApiResource.ROUTED_CHAT, chatOf(requests(telegram, "sendMessage", critical).get(0)));
        assertEquals(TelegramApiResource.CHAT, chatOf(requests(telegram, "sendMessage", warning).get(0)),
                "below the route's minimum risk: the default chat");
    }

    @Test
    void keepsToTheGroupPaceOfOneMessageEveryThreeSecondsPerChat() {
        long first = open(TestIncidents.issue("checkout", "error", "First in chat", List.of()));
        long second = open(TestIncidents.issue("checkout", "error", "Second in chat", List.of()));
        long elsewhere = open(TestIncidents.issue(TelegramApiResource.ROUTED_PROJECT, "fatal", "Other chat", List.of()));
        CLOCK.advance(MESSAGE_WAIT);

        sender.pass();
        assertEquals(1, requests(telegram, "sendMessage", first).size() + requests(telegram, "sendMessage", second).size(),
                "one message to the default chat (a group) in this slot");
        assertEquals(1, requests(telegram, "sendMessage", elsewhere).size(), "another chat is not held up");
        assertEquals(1, requests(telegram, "sendMessage", first).size(), "the older one goes first");
        long held = second;
        assertTrue(sender.untilNextDue().compareTo(Duration.ofSeconds(3)) <= 0,
                "the loop wakes when the chat is free, not at the next sweep");
        assertEquals("PENDING", TestIncidents.lastNotification(held)[0]);
        assertEquals(CLOCK.instant().plusSeconds(3), SqlTime.instant(TestIncidents.lastNotification(held)[5]));
        assertEquals(0, ((Number) TestIncidents.lastNotification(held)[1]).intValue(), "being held back uses no attempt");

        CLOCK.advance(Duration.ofSeconds(2));
        sender.pass();
        assertEquals(0, requests(telegram, "sendMessage", held).size(), "a group gets about 20 a minute");
        CLOCK.advance(Duration.ofSeconds(1));
        sender.pass();
        assertEquals(1, requests(telegram, "sendMessage", held).size());
    }

    @Test
    void theMessageDueFirstGoesFirst() {
        long a = open(TestIncidents.issue("checkout", "error", "Due second", List.of()));
        long b = open(TestIncidents.issue("checkout", "error", "Due third", List.of()));
        CLOCK.advance(Duration.ofSeconds(1));
        long c = open(TestIncidents.issue("checkout", "error", "Due first", List.of()));
        // c's analysis came back first, so its message was released first (created last, due first)
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> dev.sentrytriage.incident.Incident
                .getEntityManager().createNativeQuery("update notification set next_attempt_at = ?2 where incident_id = ?1")
                .setParameter(1, c).setParameter(2, java.sql.Timestamp.from(CLOCK.instant())).executeUpdate());
        CLOCK.advance(MESSAGE_WAIT);

        sender.pass();
        assertEquals(1, requests(telegram, "sendMessage", c).size(), "first due, first sent");
        assertEquals(0, requests(telegram, "sendMessage", a).size() + requests(telegram, "sendMessage", b).size(),
                "the others wait for the chat");
    }

    @Test
    void aNewIssuesMessageGoesBeforeAnEditOfOneAlreadySent() {
        IssueContext issue = TestIncidents.issue("checkout", "error", "Already told", List.of());
        long told = open(issue);
        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();
        assertEquals(1, requests(telegram, "sendMessage", told).size());
        TestIncidents.occur(issue, CLOCK.instant()); // an edit of that message, due now
        CLOCK.advance(Duration.ofSeconds(1));
        long fresh = open(TestIncidents.issue("checkout", "error", "Not told yet", List.of()));
        // its analysis is done (or given up): the message is released, due a second after the edit
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> dev.sentrytriage.incident.Incident
                .getEntityManager().createNativeQuery("update notification set next_attempt_at = ?2 where incident_id = ?1")
                .setParameter(1, fresh).setParameter(2, java.sql.Timestamp.from(CLOCK.instant())).executeUpdate());
        CLOCK.advance(Duration.ofSeconds(2)); // the group chat is free again: one call in this slot

        sender.pass();
        assertEquals(1, requests(telegram, "sendMessage", fresh).size(), "the new issue takes the chat's slot");
        assertEquals(0, requests(telegram, "editMessageText", told).size(), "the edit of a sent message waits");
        assertEquals("PENDING", TestIncidents.lastNotification(told)[0]);

        CLOCK.advance(Duration.ofSeconds(3));
        sender.pass();
        assertEquals(1, requests(telegram, "editMessageText", told).size(), "then the edit, in the next slot");
    }

    @Test
    void honoursRetryAfterThenSendsOnce() {
        telegram.stubFor(method("sendMessage").inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(TelegramStubs.tooManyRequests(3)).willSetStateTo("open"));
        telegram.stubFor(method("sendMessage").inScenario("429").whenScenarioStateIs("open").willReturn(okMessage(5)));
        long id = open(TestIncidents.issue("checkout", "error", "Rate limited", List.of()));
        CLOCK.advance(MESSAGE_WAIT);
        double waitsBefore = meters.counter("triage.telegram.rate.limit.waits").count();

        sender.pass();
        assertEquals(waitsBefore + 1, meters.counter("triage.telegram.rate.limit.waits").count());
        Object[] row = TestIncidents.lastNotification(id);
        assertEquals("PENDING", row[0]);
        assertTrue(((String) row[2]).contains("429"));
        assertEquals(CLOCK.instant().plusSeconds(3), SqlTime.instant(row[5]), "next try after retry_after, not before");

        CLOCK.advance(Duration.ofSeconds(2));
        sender.pass();
        assertEquals(1, requests(telegram, "sendMessage", id).size(), "nothing sent while Telegram asked to wait");

        CLOCK.advance(Duration.ofSeconds(1));
        sender.pass();
        assertEquals(2, requests(telegram, "sendMessage", id).size());
        assertEquals("SENT", TestIncidents.lastNotification(id)[0]);
    }

    @Test
    void retriesServerErrorWithBackoffThenSucceeds() {
        telegram.stubFor(method("sendMessage").inScenario("500").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(500, "{\"ok\":false,\"error_code\":500,\"description\":\"Internal Server Error\"}"))
                .willSetStateTo("up"));
        telegram.stubFor(method("sendMessage").inScenario("500").whenScenarioStateIs("up").willReturn(okMessage(6)));
        long id = open(TestIncidents.issue("checkout", "error", "Flaky Telegram", List.of()));
        CLOCK.advance(MESSAGE_WAIT);

        sender.pass();
        Object[] row = TestIncidents.lastNotification(id);
        assertEquals("PENDING", row[0]);
        assertEquals(1, ((Number) row[1]).intValue());
        assertTrue(((String) row[2]).startsWith("500"), (String) row[2]);

        CLOCK.advance(Duration.ofSeconds(3)); // the first backoff (2 s), and the group chat's pace (3 s)
        sender.pass();
        assertEquals(2, requests(telegram, "sendMessage", id).size());
        assertEquals("SENT", TestIncidents.lastNotification(id)[0]);
    }

    @Test
    void timeoutIsRetriedLikeAServerError() {
        telegram.stubFor(method("sendMessage").inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okMessage(8).withFixedDelay(3_000)).willSetStateTo("fast"));
        telegram.stubFor(method("sendMessage").inScenario("slow").whenScenarioStateIs("fast").willReturn(okMessage(9)));
        long id = open(TestIncidents.issue("checkout", "error", "Slow Telegram", List.of()));
        CLOCK.advance(MESSAGE_WAIT);

        sender.pass(); // the client gives up after its 2 s read timeout (test setting)
        Object[] row = TestIncidents.lastNotification(id);
        assertEquals("PENDING", row[0]);
        assertTrue(((String) row[2]).startsWith("no answer"), (String) row[2]);
        assertFalse(((String) row[2]).contains(TelegramApiResource.TOKEN), "the token (in the URL) is never recorded");

        CLOCK.advance(Duration.ofSeconds(3)); // the backoff, and the group chat's pace
        sender.pass();
        assertEquals("SENT", TestIncidents.lastNotification(id)[0]);
    }

    @Test
    void serverErrorsUntilTheAttemptsRunOutMarkDeadWithTheReason() {
        telegram.stubFor(method("sendMessage").willReturn(json(502, "<html>Bad Gateway</html>")));
        long id = open(TestIncidents.issue("checkout", "error", "Telegram down", List.of()));
        CLOCK.advance(MESSAGE_WAIT);

        for (int i = 0; i < 14; i++) {
            sender.pass();
            CLOCK.advance(Duration.ofMinutes(6)); // longer than the longest backoff
        }

        Object[] row = TestIncidents.lastNotification(id);
        assertEquals("DEAD", row[0]);
        assertEquals(10, ((Number) row[1]).intValue());
        assertTrue(((String) row[2]).contains("502"), (String) row[2]);
        assertEquals(10, requests(telegram, "sendMessage", id).size(), "bounded: max-attempts calls, then none");
    }

    @Test
    void blockedBotFailsWithTheReasonAndIsNotRetried() {
        telegram.stubFor(method("sendMessage").willReturn(json(403,
                "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}")));
        long id = open(TestIncidents.issue("checkout", "error", "Nobody listens", List.of()));
        CLOCK.advance(MESSAGE_WAIT);
        double failedBefore = meters.counter("triage.telegram.sends", "outcome", "failed").count();

        sender.pass();
        CLOCK.advance(Duration.ofHours(1));
        sender.pass();

        Object[] row = TestIncidents.lastNotification(id);
        assertEquals("FAILED", row[0]);
        assertEquals("403 Forbidden: bot was blocked by the user", row[2]);
        assertEquals(failedBefore + 1, meters.counter("triage.telegram.sends", "outcome", "failed").count());
        assertEquals(1, requests(telegram, "sendMessage", id).size());
    }

    @Test
    void refusedHtmlIsSentOnceMoreAsPlainText() throws Exception {
        telegram.stubFor(method("sendMessage").withRequestBody(matchingJsonPath("$.parse_mode", equalTo("HTML")))
                .willReturn(json(400, "{\"ok\":false,\"error_code\":400,\"description\":"
                        + "\"Bad Request: can't parse entities: Unsupported start tag \\\"script\\\" at byte offset 12\"}")));
        long id = open(TestIncidents.issue("checkout", "error", "<script> in title", List.of()));
        CLOCK.advance(MESSAGE_WAIT);

        sender.pass();

        List<LoggedRequest> sent = requests(telegram, "sendMessage", id);
        assertEquals(2, sent.size());
        JsonNode plain = bodyOf(sent.get(1));
        assertTrue(plain.path("parse_mode").isMissingNode());
        assertTrue(plain.path("text").asText().contains("<script> in title"), "plain text needs no escaping");
        assertFalse(plain.path("text").asText().contains("<b>"));
        assertEquals("SENT", TestIncidents.lastNotification(id)[0]);
    }

    @Test
    void followsGroupUpgradedToSupergroup() throws Exception {
        String supergroup = "-100123";
        telegram.stubFor(method("sendMessage")
                .withRequestBody(matchingJsonPath("$.chat_id", equalTo(TelegramApiResource.LEGACY_CHAT)))
                .willReturn(json(400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: group chat was "
                        + "upgraded to a supergroup chat\",\"parameters\":{\"migrate_to_chat_id\":" + supergroup + "}}")));
        long first = open(TestIncidents.issue(TelegramApiResource.LEGACY_PROJECT, "error", "Old group", List.of()));
        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();

        Object[] row = TestIncidents.lastNotification(first);
        assertEquals("SENT", row[0]);
        assertEquals(supergroup, row[4]);

        long second = open(TestIncidents.issue(TelegramApiResource.LEGACY_PROJECT, "error", "Next one", List.of()));
        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();
        List<LoggedRequest> sent = requests(telegram, "sendMessage", second);
        assertEquals(1, sent.size(), "the move is remembered: no second refusal");
        assertEquals(supergroup, chatOf(sent.get(0)));
    }

    @Test
    void editWithNothingNewCountsAsSuccess() {
        telegram.stubFor(method("editMessageText").willReturn(json(400, "{\"ok\":false,\"error_code\":400,"
                + "\"description\":\"Bad Request: message is not modified: specified new message content and reply "
                + "markup are exactly the same as a current content and reply markup of the message\"}")));
        IssueContext issue = TestIncidents.issue("checkout", "error", "Same again", List.of());
        long id = open(issue);
        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();

        TestIncidents.occur(issue, CLOCK.instant());
        CLOCK.advance(Duration.ofSeconds(3));
        sender.pass();

        assertEquals(1, requests(telegram, "editMessageText", id).size());
        Object[] row = TestIncidents.lastNotification(id);
        assertEquals("SENT", row[0]);
        CLOCK.advance(Duration.ofMinutes(10));
        sender.pass();
        assertEquals(1, requests(telegram, "editMessageText", id).size(), "not retried");
    }

    @Test
    void alertStormIsOneMessageWithBoundedEditsAndRisingCounts() throws Exception {
        IssueContext issue = TestIncidents.issue("checkout", "fatal", "Storm", List.of());
        long id = openAndSend(issue);

        // 500 more events over 50 seconds, the sender passing every second
        for (int second = 0; second < 50; second++) {
            for (int k = 0; k < 10; k++) {
                TestIncidents.occur(issue, CLOCK.instant());
            }
            CLOCK.advance(Duration.ofSeconds(1));
            sender.pass();
        }
        CLOCK.advance(Duration.ofSeconds(3));
        sender.pass();

        assertEquals(1, requests(telegram, "sendMessage", id).size());
        List<LoggedRequest> edits = requests(telegram, "editMessageText", id);
        assertTrue(edits.size() >= 10 && edits.size() <= 18, "one edit per 3 s interval at most: " + edits.size());
        String lastText = bodyOf(edits.get(edits.size() - 1)).path("text").asText();
        assertTrue(lastText.contains("seen 501 in 1 h"), lastText);
        telegram.verify(postRequestedFor(urlEqualTo(TelegramStubs.path("editMessageText")))
                .withRequestBody(matchingJsonPath("$.message_thread_id", absent())));
    }

    @Test
    void anEditPutOffByItsIntervalReadsNoCountsAndTheEditThatGoesShowsThemAsTheyAreThen() throws Exception {
        IssueContext issue = TestIncidents.issue("checkout", "error", "Edit put off", List.of());
        long id = openAndSend(issue);
        assertEquals(1, requests(telegram, "sendMessage", id).size());

        for (int i = 0; i < 3; i++) { // updates inside one edit interval
            TestIncidents.occur(issue, CLOCK.instant());
            List<String> statements = StatementCounter.during(sender::pass);
            assertTrue(statements.stream().noneMatch(NotificationLogModeTest::readsWhatAMessageShows),
                    "an edit put off reads no counts and no changes: " + statements);
        }
        assertEquals(0, requests(telegram, "editMessageText", id).size());

        CLOCK.advance(config.telegram().editInterval());
        sender.pass();
        List<LoggedRequest> edits = requests(telegram, "editMessageText", id);
        assertEquals(1, edits.size());
        String text = bodyOf(edits.get(0)).path("text").asText();
        assertTrue(text.contains("seen 4 in 1 h"), text);
    }

    @Test
    void rowHeldByAnotherSenderIsLeftAloneUntilItsLeaseExpiresThenSentOnceWithLaterRowsMerged() {
        IssueContext issue = TestIncidents.issue("checkout", "error", "Crashed sender", List.of());
        long id = open(issue);
        CLOCK.advance(MESSAGE_WAIT);
        List<NotificationClaims.Batch> taken = claims.claim(); // another sender claims it, then dies
        assertTrue(taken.stream().anyMatch(b -> b.incidentId() == id));

        TestIncidents.occur(issue, CLOCK.instant()); // written because the claimed row is SENDING, not PENDING
        sender.pass();
        assertEquals(0, requests(telegram, "sendMessage", id).size(), "never two senders on one incident");

        CLOCK.advance(Duration.ofSeconds(61)); // the lease runs out
        sender.pass();
        assertEquals(1, requests(telegram, "sendMessage", id).size());
        assertEquals(0, requests(telegram, "editMessageText", id).size(), "the update was merged into the new message");
        assertEquals(List.of("MERGED", "SENT"), TestIncidents.statuses(id));
    }

    @Test
    void realSentryAlertReachesTelegramThroughIntakeAndWorker() throws Exception {
        ObjectNode tree = SentryFixtures.tree("event_alert.triggered");
        String issueId = String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
        ObjectNode event = (ObjectNode) tree.path("data").path("event");
        event.put("issue_id", issueId);
        event.put("web_url", "https://sentry.io/organizations/test-org/issues/" + issueId + "/");
        Webhooks.post("event_alert", SentryFixtures.bytes(tree)).statusCode(202);
        deliveries.drain();
        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();

        List<LoggedRequest> sent = telegram.findAll(postRequestedFor(urlEqualTo(TelegramStubs.path("sendMessage")))
                .withRequestBody(WireMock.containing(issueId)));
        assertEquals(1, sent.size());
        JsonNode body = bodyOf(sent.get(0));
        String text = body.path("text").asText();
        assertTrue(text.contains("<b>ReferenceError: heck is not defined</b>"), text);
        assertTrue(text.contains("<code>front-end</code>"), text);
        assertEquals("https://sentry.io/organizations/test-org/issues/" + issueId + "/",
                body.path("reply_markup").path("inline_keyboard").get(0).get(0).path("url").asText());
    }

    private long open(IssueContext issue) {
        return TestIncidents.occur(issue, CLOCK.instant());
    }

    /** A new incident whose first message has gone out (after the message wait). */
    private long openAndSend(IssueContext issue) {
        long id = open(issue);
        CLOCK.advance(MESSAGE_WAIT);
        sender.pass();
        return id;
    }

    private static String chatOf(LoggedRequest request) {
        return bodyOf(request).path("chat_id").asText();
    }
}
