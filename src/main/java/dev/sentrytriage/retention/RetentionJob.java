package dev.sentrytriage.retention;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/** Runs retention every {@code triage.retention.every}; a pass still running when the next is due is not doubled. */
@ApplicationScoped
public class RetentionJob {

    private final RetentionService service;

    public RetentionJob(RetentionService service) {
        this.service = service;
    }

    @Scheduled(identity = "retention", every = "${triage.retention.every:1h}", concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = RetentionDisabled.class)
    void run() {
        service.run();
    }
}
