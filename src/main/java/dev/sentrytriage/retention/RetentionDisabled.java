package dev.sentrytriage.retention;

import jakarta.inject.Singleton;

import dev.sentrytriage.config.TriageConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Skips retention when {@code triage.retention.enabled} is false, or on replicas that only receive webhooks
 * ({@code triage.worker.enabled=false}; tests run it themselves).
 */
@Singleton
public class RetentionDisabled implements Scheduled.SkipPredicate {

    private final boolean enabled;

    public RetentionDisabled(TriageConfig config) {
        this.enabled = config.worker().enabled() && config.retention().enabled();
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !enabled;
    }
}
