package dev.sentrytriage.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.notify.TelegramMessages;
import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.TestIncidents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The incident page's Telegram section reads the incident's message and its latest notification in one row, each
 * column typed (a message id, times, a count), and is absent when nothing was written for the incident.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class IncidentDetailTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Inject
    BoardService board;

    @Inject
    TelegramMessages messages;

    @Inject
    Database db;

    @Test
    void showsTheIncidentsMessageAndItsLatestNotification() {
        long id = TestIncidents.occur(TestIncidents.issue("detail", "error", "Sent and edited", List.of()), NOW);
        long notification = db.count("select max(id) from notification where incident_id = ?1", id);
        messages.sent(id, "-1001234", 7, 4242L, notification, NOW);
        messages.edited(id, NOW.plus(Duration.ofMinutes(1)));

        IncidentDetail.Telegram telegram = board.detail(id).telegram();

        assertEquals(new IncidentDetail.Telegram("-1001234", "4242", Ago.absolute(NOW),
                Ago.absolute(NOW.plus(Duration.ofMinutes(1))), "pending", "opened", 0, "-", null), telegram);
    }

    @Test
    void hasNoTelegramSectionWhenNothingWasWritten() {
        long id = TestIncidents.occur(TestIncidents.issue("detail", "error", "Nothing written", List.of()), NOW);
        db.update("delete from notification where incident_id = ?1", id);

        assertNull(board.detail(id).telegram());
    }
}
