package dev.sentrytriage.worker;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.sentrytriage.config.TriageConfig;

/**
 * Reports the worker backlog in {@code /q/health/ready}. A backlog older than {@code triage.worker.backlog-threshold}
 * is reported ({@code "state": "behind"}) but keeps the check UP: taking replicas out of the load balancer would make
 * Sentry's deliveries fail, and Sentry never retries them. Alert on {@code triage_backlog_age_seconds} instead. The
 * check is DOWN only when the backlog cannot be read at all.
 */
@Readiness
@ApplicationScoped
public class DeliveryBacklogCheck implements HealthCheck {

    private final BacklogProbe probe;
    private final Duration threshold;

    public DeliveryBacklogCheck(BacklogProbe probe, TriageConfig config) {
        this.probe = probe;
        this.threshold = config.worker().backlogThreshold();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("delivery backlog");
        try {
            BacklogProbe.Backlog backlog = probe.backlog();
            boolean behind = backlog.oldest().compareTo(threshold) > 0;
            return response.up()
                    .withData("state", behind ? "behind" : "ok")
                    .withData("deliveries", backlog.size())
                    .withData("oldestSeconds", backlog.oldest().toSeconds())
                    .withData("thresholdSeconds", threshold.toSeconds())
                    .build();
        } catch (Exception e) {
            return response.down().withData("error", "backlog cannot be read: database unavailable").build();
        }
    }
}
