package dev.sentrytriage.remind;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.config.WorkerDisabled;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/** Writes due reminders every {@code triage.remind.sweep-every}; every replica may run it (the rows are claimed). */
@ApplicationScoped
public class ReminderJob {

    private final ReminderService service;

    public ReminderJob(ReminderService service) {
        this.service = service;
    }

    @Scheduled(identity = "reminders", every = "${triage.remind.sweep-every:15s}", delayed = "10s",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = WorkerDisabled.class)
    void run() {
        service.pass();
    }
}
