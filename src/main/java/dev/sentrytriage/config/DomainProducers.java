package dev.sentrytriage.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.sentrytriage.incident.RiskPolicy;

/** Builds the domain's plain values from the configuration, so the domain ({@code incident}) never reads it. */
@ApplicationScoped
public class DomainProducers {

    @Produces
    @Singleton // a record cannot be proxied
    RiskPolicy riskPolicy(TriageConfig config) {
        return new RiskPolicy(thresholds(config.risk().escalate()), thresholds(config.risk().permanentFix()));
    }

    private static RiskPolicy.Thresholds thresholds(TriageConfig.Escalation step) {
        return new RiskPolicy.Thresholds(step.lastHour(), step.lastDay(), step.lastWeek(), step.regressions());
    }
}
