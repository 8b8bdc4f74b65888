package dev.sentrytriage.notify;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.worker.WorkerDisabled;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/** Sends what became due without a signal: retries, edits held back by the interval, a crashed sender's rows. */
@ApplicationScoped
public class NotificationSweepJob {

    /** How long applied update ids are kept; Telegram gives up redelivering an update well within this. */
    private static final Duration KEEP_UPDATES = Duration.ofDays(2);

    private final NotificationSender sender;
    private final TelegramMessages messages;
    private final Clock clock;

    public NotificationSweepJob(NotificationSender sender, TelegramMessages messages, Clock clock) {
        this.sender = sender;
        this.messages = messages;
        this.clock = clock;
    }

    @Scheduled(identity = "telegram-sweep", every = "${triage.telegram.sweep-every:2s}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = WorkerDisabled.class)
    void sweep() {
        sender.pass();
    }

    @Scheduled(identity = "telegram-update-prune", every = "1h", delayed = "1m",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = WorkerDisabled.class)
    void prune() {
        messages.pruneUpdates(clock.instant().minus(KEEP_UPDATES));
    }
}
