package dev.sentrytriage.remind;

import static dev.sentrytriage.support.TelegramStubs.MESSAGE_WAIT;
import static dev.sentrytriage.support.TelegramStubs.bodyOf;
import static dev.sentrytriage.support.TelegramStubs.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.sentrytriage.incident.IncidentService;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.incident.Via;
import dev.sentrytriage.infra.SqlTime;
import dev.sentrytriage.notify.NotificationSender;
import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.MutableClock;
import dev.sentrytriage.support.TelegramApiResource;
import dev.sentrytriage.support.TelegramStubs;
import dev.sentrytriage.support.TestIncidents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Reminders of open incidents nobody acted on, against the Bot API played by WireMock: a new message replying to the
 * episode's message after the interval, stopped by an action, escalated after the last one, written once however
 * many replicas claim, driven by a clock and by calling the passes directly.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TelegramApiResource.class, restrictToAnnotatedClass = true)
class RemindersTest {

    static final MutableClock CLOCK = new MutableClock(
            Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS));
    /** TRIAGE_REMIND_AFTER's default. */
    static final Duration AFTER = Duration.ofHours(2);

    @TelegramApiResource.Inject
    WireMockServer telegram;

    @Inject
    NotificationSender sender;

    @Inject
    ReminderService reminders;

    @Inject
    IncidentService incidents;

    @Inject
    Database database;

    @BeforeEach
    void setUp() {
        // other test classes on this application leave open incidents behind; only this class runs reminders
        database.update("delete from reminder");
        TelegramStubs.settle(telegram, sender, CLOCK);
    }

    @Test
    void remindsAfterTheIntervalAndNotBeforeAsAReplyToTheEpisodesMessage() throws Exception {
        long id = openAndSend("error", "Checkout down");
        long episodeMessage = messageId(id);
        Instant opened = TestIncidents.find(id).statusChangedAt;
        telegram.stubFor(TelegramStubs.method("sendMessage").willReturn(TelegramStubs.okMessage(episodeMessage + 1)));

        advanceAndRun(Duration.between(CLOCK.instant(), opened.plus(AFTER).minusSeconds(1)));
        assertEquals(1, requests(telegram, "sendMessage", id).size(), "not before the interval");

        advanceAndRun(Duration.ofSeconds(1));
        List<LoggedRequest> sent = requests(telegram, "sendMessage", id);
        assertEquals(2, sent.size(), "the reminder is a new message: it notifies");
        JsonNode reminder = bodyOf(sent.get(1));
        assertEquals(episodeMessage, reminder.path("reply_parameters").path("message_id").asLong());
        assertTrue(reminder.path("reply_parameters").path("allow_sending_without_reply").asBoolean());
        assertEquals(TelegramApiResource.CHAT, reminder.path("chat_id").asText());
        assertEquals(TelegramApiResource.THREAD, reminder.path("message_thread_id").asInt());
        String text = reminder.path("text").asText();
        assertTrue(text.startsWith("<b>⏰ Reminder: open for 2h, nobody has acted yet</b>"), text);
        assertTrue(text.contains("<b>Checkout down</b>"), text);
        assertEquals("ack:" + id, reminder.path("reply_markup").path("inline_keyboard").get(1).get(0)
                .path("callback_data").asText(), "the reminder carries the buttons");
        assertEquals(0, requests(telegram, "editMessageText", id).size());

        // a later edit still changes the episode's message, not the reminder
        incidents.acknowledge(id, "@bob", Via.API);
        advanceAndRun(Duration.ofSeconds(5));
        List<LoggedRequest> edits = requests(telegram, "editMessageText", id);
        assertEquals(1, edits.size());
        assertEquals(episodeMessage, bodyOf(edits.get(0)).path("message_id").asLong());
    }

    @Test
    void belowTheMinimumRiskNoReminder() {
        long id = openAndSend("warning", "Slow page");
        assertEquals(Risk.MEDIUM, TestIncidents.find(id).risk);
        advanceAndRun(AFTER.multipliedBy(3));
        assertEquals(1, requests(telegram, "sendMessage", id).size());
    }

    @Test
    void acknowledgeMuteOrResolveStopTheReminders() {
        long acked = openAndSend("error", "Acked");
        long muted = openAndSend("error", "Muted");
        long resolved = openAndSend("error", "Resolved");
        incidents.acknowledge(acked, "@bob", Via.TELEGRAM);
        incidents.mute(muted, Duration.ofDays(1), "@bob", Via.TELEGRAM);
        incidents.resolve(resolved, "@bob", Via.TELEGRAM);

        advanceAndRun(AFTER.multipliedBy(5));
        for (long id : List.of(acked, muted, resolved)) {
            assertEquals(1, requests(telegram, "sendMessage", id).size(), "no reminder for " + id);
        }
        assertEquals(0, database.count("select count(*) from reminder where incident_id in (?1, ?2, ?3)", acked, muted,
                resolved));
    }

    @Test
    void aReminderWaitingWhenSomeoneActsIsNotSentAndTheEditIsNotHeldUp() throws Exception {
        long id = openAndSend("error", "Acted just in time");
        CLOCK.advance(AFTER);
        assertTrue(reminders.pass() >= 1);
        incidents.acknowledge(id, "@carol", Via.TELEGRAM); // before the sender got to the reminder

        advanceAndRun(Duration.ofSeconds(5));
        assertEquals(1, requests(telegram, "sendMessage", id).size(), "no reminder after the acknowledgement");
        List<LoggedRequest> edits = requests(telegram, "editMessageText", id);
        assertEquals(1, edits.size(), "the acknowledgement edits the message although a reminder row waited");
        assertTrue(bodyOf(edits.get(0)).path("text").asText()
                .contains("<b>Acknowledged</b> by @carol"));
        assertEquals(List.of("SENT", "MERGED", "SENT"), TestIncidents.statuses(id));
    }

    @Test
    void anUpdateDueTogetherWithAReminderStillEditsTheEpisodesMessage() {
        long id = openAndSend("error", "Both at once");
        Instant opened = TestIncidents.find(id).statusChangedAt;
        CLOCK.advance(Duration.between(CLOCK.instant(), opened.plus(AFTER).minusSeconds(2)));
        TestIncidents.occur(issueOf(id), CLOCK.instant()); // an update, not sent yet
        CLOCK.advance(Duration.ofSeconds(2));
        assertEquals(1, reminders.pass()); // and the reminder falls due with it

        advanceAndRun(Duration.ZERO);
        advanceAndRun(Duration.ofSeconds(3)); // the chat is a group: its second call waits for the group's pace
        assertEquals(2, requests(telegram, "sendMessage", id).size(), "the reminder");
        assertEquals(1, requests(telegram, "editMessageText", id).size(), "the update is not merged into the reminder");
    }

    @Test
    void remindsUpToTheMaximumThenPostsToTheEscalationChatThenStops() throws Exception {
        long id = openAndSend("error", "Nobody home");
        for (int i = 1; i <= 3; i++) {
            advanceAndRun(AFTER);
            assertEquals(1 + i, requests(telegram, "sendMessage", id).size(), "reminder " + i);
        }
        assertEquals(0, toChat(TelegramApiResource.ESCALATION_CHAT, id).size());

        advanceAndRun(AFTER);
        List<LoggedRequest> escalations = toChat(TelegramApiResource.ESCALATION_CHAT, id);
        assertEquals(1, escalations.size());
        JsonNode escalation = bodyOf(escalations.get(0));
        assertTrue(escalation.path("reply_parameters").isMissingNode(), "another chat: not a reply");
        String text = escalation.path("text").asText();
        assertTrue(text.startsWith("<b>⏫ Escalation: open for 8h, nobody has acted</b>\n🟠 <b>HIGH</b>"), text);

        advanceAndRun(AFTER.multipliedBy(4));
        assertEquals(5, requests(telegram, "sendMessage", id).size(), "3 reminders and 1 escalation, then quiet");
        assertNull(database.single("select due_at from reminder where incident_id = ?1", id));
    }

    @Test
    void aNewEpisodeStartsTheCountAgain() {
        long id = openAndSend("error", "Comes back");
        for (int i = 0; i < 4; i++) {
            advanceAndRun(AFTER);
        }
        assertEquals(5, requests(telegram, "sendMessage", id).size());
        incidents.resolve(id, "@bob", Via.API);
        advanceAndRun(Duration.ofMinutes(1));
        TestIncidents.occur(issueOf(id), CLOCK.instant()); // a regression: a new episode
        advanceAndRun(MESSAGE_WAIT);
        assertEquals(6, requests(telegram, "sendMessage", id).size(), "the regression's message");

        advanceAndRun(AFTER);
        assertEquals(7, requests(telegram, "sendMessage", id).size(), "reminded again");
    }

    @Test
    void twoReplicasClaimingAtOnceWriteEachReminderOnce() throws Exception {
        long id = openAndSend("error", "Claimed twice");
        CLOCK.advance(AFTER);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> claims = List.of(
                    CompletableFuture.supplyAsync(() -> await(start, reminders::claim), pool),
                    CompletableFuture.supplyAsync(() -> await(start, reminders::claim), pool));
            start.countDown();
            int taken = claims.get(0).get(30, TimeUnit.SECONDS) + claims.get(1).get(30, TimeUnit.SECONDS);
            assertEquals(1, taken, "one replica takes the row, the other skips it");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, reminders.pass(), "a further pass finds nothing due");
        assertEquals(1, database.count("select count(*) from notification where incident_id = ?1 and kind = 'REMINDER'",
                id));
        sender.pass();
        assertEquals(2, requests(telegram, "sendMessage", id).size());
    }

    @Test
    void dueTimesAreStoredSoAFreshPassAfterARestartSendsOnce() {
        long id = openAndSend("fatal", "Restarted meanwhile");
        assertEquals(Risk.CRITICAL, TestIncidents.find(id).risk);
        Instant due = SqlTime.instant(database.single("select due_at from reminder where incident_id = ?1", id));
        assertEquals(TestIncidents.find(id).statusChangedAt.plus(Duration.ofMinutes(30)), due,
                "stored: TRIAGE_REMIND_AFTER_CRITICAL after the episode began");

        CLOCK.advance(Duration.ofMinutes(30));
        // the process that wrote the reminder row is gone before sending it: the row waits in the outbox
        assertEquals(1, reminders.pass());
        assertEquals("PENDING", TestIncidents.lastNotification(id)[0]);
        // the next process claims nothing twice and sends the stored row once
        assertEquals(0, reminders.pass());
        sender.pass();
        sender.pass();
        assertEquals(2, requests(telegram, "sendMessage", id).size());
        assertEquals("SENT", TestIncidents.lastNotification(id)[0]);
    }

    @Test
    void aMuteThatEndedAndFiresAgainIsANewMessage() {
        long id = openAndSend("error", "Muted a while");
        incidents.mute(id, Duration.ofHours(1), "@bob", Via.TELEGRAM);
        advanceAndRun(Duration.ofSeconds(5));
        assertEquals(1, requests(telegram, "editMessageText", id).size(), "the mute edits the message");

        CLOCK.advance(Duration.ofHours(2));
        TestIncidents.occur(issueOf(id), CLOCK.instant());
        assertEquals(IncidentStatus.OPEN, TestIncidents.find(id).status);
        sender.pass();
        assertEquals(2, requests(telegram, "sendMessage", id).size(), "a new message, which notifies");
        assertEquals(1, requests(telegram, "editMessageText", id).size(), "not a silent edit");

        advanceAndRun(AFTER);
        assertEquals(3, requests(telegram, "sendMessage", id).size(), "open again: reminded again");
    }

    @Test
    void anAcknowledgedIncidentWhoseRiskRisesIsANewMessage() {
        long id = openAndSend("warning", "Getting worse");
        incidents.acknowledge(id, "@bob", Via.TELEGRAM);
        advanceAndRun(Duration.ofSeconds(5));
        IssueContext issue = issueOf(id);
        for (int i = 0; i < 10; i++) { // triage.risk.escalate.last-hour
            TestIncidents.occur(issue, CLOCK.instant());
        }
        assertEquals(Risk.HIGH, TestIncidents.find(id).risk);
        advanceAndRun(MESSAGE_WAIT);
        assertEquals(2, requests(telegram, "sendMessage", id).size(), "the higher risk is a new message");
    }

    // ----------------------------------------------------------------------------------------------------------------

    private long openAndSend(String level, String title) {
        IssueContext issue = TestIncidents.issue("checkout", level, title, List.of());
        long id = TestIncidents.occur(issue, CLOCK.instant());
        ISSUES.put(id, issue);
        advanceAndRun(MESSAGE_WAIT);
        assertEquals(1, requests(telegram, "sendMessage", id).size());
        return id;
    }

    private static final java.util.Map<Long, IssueContext> ISSUES = new java.util.concurrent.ConcurrentHashMap<>();

    private static IssueContext issueOf(long id) {
        return ISSUES.get(id);
    }

    /** Moves the clock, writes what reminders are due and sends what is due, as the background loops would. */
    private void advanceAndRun(Duration by) {
        CLOCK.advance(by);
        reminders.pass();
        for (int round = 0; round < 10 && sender.pass() > 0; round++) {
            CLOCK.advance(Duration.ofSeconds(1)); // the chat's pace
            reminders.pass();
        }
    }

    private List<LoggedRequest> toChat(String chat, long id) {
        return requests(telegram, "sendMessage", id).stream().filter(r -> chat.equals(field(r, "chat_id"))).toList();
    }

    /** The episode's message, the one edits change. */
    private long messageId(long incidentId) {
        return ((Number) database.single("select message_id from telegram_message where incident_id = ?1",
                incidentId)).longValue();
    }

    private static String field(LoggedRequest request, String name) {
        return bodyOf(request).path(name).asText();
    }

    private static int await(CountDownLatch start, java.util.function.IntSupplier claim) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return claim.getAsInt();
    }
}
