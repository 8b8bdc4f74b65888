package dev.sentrytriage.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The hourly prune forgets applied Telegram update ids older than two days, and keeps the newer ones. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class NotificationSweepJobTest {

    @Inject
    NotificationSweepJob job;

    @Inject
    Database db;

    @Inject
    Clock clock;

    @Test
    void forgetsUpdateIdsOlderThanTwoDays() {
        Instant now = clock.instant();
        long old = applied(now.minus(Duration.ofDays(3)));
        long older = applied(now.minus(Duration.ofDays(30)));
        long recent = applied(now.minus(Duration.ofHours(47)));

        job.prune();

        assertEquals(0, stored(old));
        assertEquals(0, stored(older));
        assertEquals(1, stored(recent), "an update of the last two days is still recognised if Telegram resends it");
    }

    private long applied(Instant at) {
        long updateId = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
        db.update("insert into telegram_update (update_id, received_at) values (?1, ?2)", updateId,
                Timestamp.from(at));
        return updateId;
    }

    private long stored(long updateId) {
        return db.count("select count(*) from telegram_update where update_id = ?1", updateId);
    }
}
