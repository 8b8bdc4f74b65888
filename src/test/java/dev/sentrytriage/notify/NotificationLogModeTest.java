package dev.sentrytriage.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.MutableClock;
import dev.sentrytriage.support.StatementCounter;
import dev.sentrytriage.support.TestIncidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/** The no-configuration run: no bot token, so the message that would be sent is written to the log. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class NotificationLogModeTest {

    /** Only moves forward; each test starts from an empty database, whatever ran before it. */
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    private static final Logger LOGGER = Logger.getLogger(NotificationSender.class.getName());

    @Inject
    NotificationSender sender;

    @Inject
    TriageConfig config;

    @Inject
    EntityManager em;

    @Inject
    Database db;

    @BeforeEach
    void setUp() {
        db.reset(); // other tests' incidents of the same project, and their floods, would take this test's messages
        QuarkusMock.installMockForType(CLOCK, Clock.class);
    }

    @Test
    void withoutBotTokenTheRenderedMessageGoesToTheLogAndIsMarkedLogged() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = capture(lines);
        try {
            long id = TestIncidents.occur(TestIncidents.issue("checkout", "error", "Logged <not sent> & kept",
                    List.of()), CLOCK.instant());
            CLOCK.advance(Duration.ofSeconds(31));
            sender.pass();

            Object[] row = TestIncidents.lastNotification(id);
            assertEquals("LOGGED", row[0]);
            assertTrue(lines.stream().anyMatch(l -> l.contains("Logged <not sent> & kept") && l.contains("incident #" + id)),
                    "the message that would be sent is in the log: " + lines);
        } finally {
            LOGGER.removeHandler(handler);
        }
    }

    @Test
    void aStormIsLoggedAtThePaceTelegramWouldGetItsEdits() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = capture(lines);
        try {
            var issue = TestIncidents.issue("checkout", "error", "Storm logged at the edit pace", List.of());
            long id = TestIncidents.occur(issue, CLOCK.instant());
            CLOCK.advance(Duration.ofSeconds(31));
            sender.pass();
            String marker = "would send for incident " + id + " ";
            assertEquals(1, lines.stream().filter(l -> l.contains(marker)).count(), "the new incident: " + lines);

            for (int i = 0; i < 5; i++) { // updates inside one edit interval
                TestIncidents.occur(issue, CLOCK.instant());
                List<String> statements = StatementCounter.during(sender::pass);
                assertTrue(statements.stream().noneMatch(NotificationLogModeTest::readsWhatAMessageShows),
                        "an update held back reads no counts and no changes: " + statements);
            }
            assertEquals(1, lines.stream().filter(l -> l.contains(marker)).count(), "updates held back: " + lines);
            assertEquals("PENDING", TestIncidents.lastNotification(id)[0]);

            CLOCK.advance(config.telegram().editInterval().plusMillis(1));
            assertTrue(StatementCounter.during(sender::pass).stream()
                    .anyMatch(NotificationLogModeTest::readsWhatAMessageShows), "the update logged reads its counts");
            assertEquals(2, lines.stream().filter(l -> l.contains(marker)).count(), "one update after the interval");
            assertTrue(lines.stream().anyMatch(l -> l.contains(marker) && l.contains("seen 6 in 1 h")),
                    "with the counts of when it is logged: " + lines);
            assertEquals("LOGGED", TestIncidents.lastNotification(id)[0]);
        } finally {
            LOGGER.removeHandler(handler);
        }
    }

    /** The statements of a message's counts (occurrences a minute) and of the changes before its incident. */
    static boolean readsWhatAMessageShows(String sql) {
        return sql.contains("incident_occurrence") || sql.contains("change_event");
    }

    @Test
    void aFloodIsLoggedAtTheEditPaceNotOnEveryPass() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger floods = Logger.getLogger(FloodSender.class.getName());
        Handler handler = capture(floods, lines);
        try {
            String project = "flooded-" + UUID.randomUUID().toString().substring(0, 8);
            Timestamp now = Timestamp.from(CLOCK.instant());
            long flood = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                    insert into notify_flood (project, status, started_at, last_opened_at, opened, due_at)
                    values (?1, 'OPEN', ?2, ?2, 0, ?2) returning id""").setParameter(1, project).setParameter(2, now)
                    .getSingleResult()).longValue());
            join(flood, TestIncidents.occur(TestIncidents.issue(project, "error", "Member one", List.of()), now.toInstant()));
            sender.pass();
            String marker = "the flood of project " + project;
            assertEquals(1, lines.stream().filter(l -> l.contains(marker)).count(), "the flood: " + lines);

            // a new member within the edit interval, and several passes: nothing logged again yet
            join(flood, TestIncidents.occur(TestIncidents.issue(project, "error", "Member two", List.of()), now.toInstant()));
            sender.pass();
            sender.pass();
            assertEquals(1, lines.stream().filter(l -> l.contains(marker)).count(), "held back: " + lines);

            CLOCK.advance(config.telegram().editInterval().plusMillis(1));
            sender.pass();
            assertEquals(2, lines.stream().filter(l -> l.contains(marker)).count(), "once after the interval");
            assertTrue(lines.stream().anyMatch(l -> l.contains(marker) && l.contains("2 new issues")), "counted: " + lines);
        } finally {
            floods.removeHandler(handler);
        }
    }

    private void join(long flood, long incident) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into notify_flood_incident (incident_id, flood_id, own_message, opened_at)
                values (?1, ?2, false, ?3)""").setParameter(1, incident).setParameter(2, flood)
                .setParameter(3, Timestamp.from(CLOCK.instant())).executeUpdate());
    }

    private static Handler capture(List<String> lines) {
        return capture(LOGGER, lines);
    }

    private static Handler capture(Logger logger, List<String> lines) {
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Object[] params = record.getParameters();
                lines.add(params == null ? record.getMessage() : String.format(record.getMessage(), params));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        return capture;
    }
}
