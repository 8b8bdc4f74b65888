package dev.sentrytriage.notify;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.worker.WorkerDisabled;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/** Sends what became due without a signal: retries, edits held back by the interval, a crashed sender's rows. */
@ApplicationScoped
public class NotificationSweepJob {

    private final NotificationSender sender;

    public NotificationSweepJob(NotificationSender sender) {
        this.sender = sender;
    }

    @Scheduled(identity = "telegram-sweep", every = "${triage.telegram.sweep-every:2s}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = WorkerDisabled.class)
    void sweep() {
        sender.pass();
    }
}
