package dev.sentrytriage.incident;

/**
 * Maps a level and the incident's history to a risk. "Escalate" raises to at least HIGH, "permanent fix needed" to
 * CRITICAL; each step fires when any of its thresholds (1 h, 24 h, 7 d, regressions) is reached. A plain value: the
 * configuration makes one ({@code config.DomainProducers}), a test makes its own.
 */
public record RiskPolicy(Thresholds escalate, Thresholds permanentFix) {

    /** One step's thresholds; 0 switches a threshold off. */
    public record Thresholds(long lastHour, long lastDay, long lastWeek, int regressions) {

        boolean reached(Recurrence r, int regressionCount) {
            return (lastHour > 0 && r.lastHour() >= lastHour)
                    || (lastDay > 0 && r.lastDay() >= lastDay)
                    || (lastWeek > 0 && r.lastWeek() >= lastWeek)
                    || (regressions > 0 && regressionCount >= regressions);
        }
    }

    /** The risk for this level, recurrence and number of regressions. */
    public Risk assess(String level, Recurrence recurrence, int regressions) {
        Risk risk = Risk.ofLevel(level);
        if (permanentFix.reached(recurrence, regressions)) {
            return Risk.CRITICAL;
        }
        if (escalate.reached(recurrence, regressions)) {
            return risk.atLeast(Risk.HIGH);
        }
        return risk;
    }
}
