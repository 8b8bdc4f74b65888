package dev.sentrytriage.worker;

import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/** Exports the worker backlog as gauges: {@code triage_backlog_deliveries} and {@code triage_backlog_age_seconds}. */
@ApplicationScoped
public class BacklogMetrics {

    void register(@Observes StartupEvent event, BacklogProbe probe, MeterRegistry registry) {
        Gauge.builder("triage.backlog.deliveries", probe, read(b -> b.size()))
                .description("Deliveries stored but not yet processed (pending or in progress)")
                .register(registry);
        Gauge.builder("triage.backlog.age", probe, read(b -> b.oldest().toMillis() / 1000.0))
                .description("Age of the oldest unprocessed delivery")
                .baseUnit("seconds")
                .register(registry);
    }

    private static ToDoubleFunction<BacklogProbe> read(ToDoubleFunction<BacklogProbe.Backlog> value) {
        return probe -> {
            try {
                return value.applyAsDouble(probe.recentBacklog());
            } catch (RuntimeException e) {
                return Double.NaN; // database away: the readiness check says so; the gauge shows no value
            }
        };
    }
}
