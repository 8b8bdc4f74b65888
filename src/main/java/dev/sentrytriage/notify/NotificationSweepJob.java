package dev.sentrytriage.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.config.WorkerDisabled;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * Housekeeping of the Telegram side. Sending what became due without a signal (retries, held-back edits, a crashed
 * sender's rows) is the sender's own loop: it wakes at the earliest time it put off, and at least every
 * {@code triage.telegram.sweep-every}. A second pass from the scheduler would claim paced notifications behind the
 * loop's back, and the loop would then sleep past their due time.
 */
@ApplicationScoped
public class NotificationSweepJob {

    /** How long applied update ids are kept; Telegram gives up redelivering an update well within this. */
    private static final Duration KEEP_UPDATES = Duration.ofDays(2);
    private static final int PRUNE_BATCH = 1000;

    private final TelegramMessages messages;
    private final Clock clock;

    public NotificationSweepJob(TelegramMessages messages, Clock clock) {
        this.messages = messages;
        this.clock = clock;
    }

    @Scheduled(identity = "telegram-update-prune", every = "1h", delayed = "1m",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = WorkerDisabled.class)
    void prune() {
        Instant before = clock.instant().minus(KEEP_UPDATES);
        while (messages.pruneUpdates(before, PRUNE_BATCH) == PRUNE_BATCH) {
            // the next batch, each its own short transaction
        }
    }
}
