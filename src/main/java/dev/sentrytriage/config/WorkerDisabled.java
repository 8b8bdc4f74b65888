package dev.sentrytriage.config;

import jakarta.inject.Singleton;

import dev.sentrytriage.config.TriageConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/** Skips the scheduled sweeps when {@code triage.worker.enabled} is false (tests drive the worker themselves). */
@Singleton
public class WorkerDisabled implements Scheduled.SkipPredicate {

    private final boolean enabled;

    public WorkerDisabled(TriageConfig config) {
        this.enabled = config.worker().enabled();
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !enabled;
    }
}
