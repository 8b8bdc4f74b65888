package dev.sentrytriage.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.MutableClock;
import dev.sentrytriage.support.TestIncidents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/** The no-configuration run: no bot token, so the message that would be sent is written to the log. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class NotificationLogModeTest {

    static final MutableClock CLOCK = new MutableClock(
            Instant.now().minus(Duration.ofDays(120)).truncatedTo(ChronoUnit.SECONDS));

    @Inject
    NotificationSender sender;

    @Test
    void withoutBotTokenTheRenderedMessageGoesToTheLogAndIsMarkedLogged() {
        QuarkusMock.installMockForType(CLOCK, Clock.class);
        List<String> lines = new CopyOnWriteArrayList<>();
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
        Logger logger = Logger.getLogger(NotificationSender.class.getName());
        logger.addHandler(capture);
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
            logger.removeHandler(capture);
        }
    }
}
