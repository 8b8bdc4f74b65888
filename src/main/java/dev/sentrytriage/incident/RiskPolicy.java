package dev.sentrytriage.incident;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.config.TriageConfig;

/**
 * Maps a level and the incident's history to a risk. "Escalate" raises to at least HIGH, "permanent fix needed" to
 * CRITICAL; each step fires when any of its thresholds (1 h, 24 h, 7 d, regressions) is reached.
 */
@ApplicationScoped
public class RiskPolicy {

    private final TriageConfig.RiskRules rules;

    public RiskPolicy(TriageConfig config) {
        this.rules = config.risk();
    }

    /** The risk for this level, recurrence and number of regressions. */
    public Risk assess(String level, Recurrence recurrence, int regressions) {
        Risk risk = Risk.ofLevel(level);
        if (reached(rules.permanentFix(), recurrence, regressions)) {
            return Risk.CRITICAL;
        }
        if (reached(rules.escalate(), recurrence, regressions)) {
            return risk.atLeast(Risk.HIGH);
        }
        return risk;
    }

    private static boolean reached(TriageConfig.Escalation step, Recurrence r, int regressions) {
        return (step.lastHour() > 0 && r.lastHour() >= step.lastHour())
                || (step.lastDay() > 0 && r.lastDay() >= step.lastDay())
                || (step.lastWeek() > 0 && r.lastWeek() >= step.lastWeek())
                || (step.regressions() > 0 && regressions >= step.regressions());
    }
}
