package dev.sentrytriage.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sentrytriage.incident.RiskPolicy.Thresholds;

/** Risk rules against the default thresholds (escalate 10/50/200/1, permanent fix 100/500/2000/3); a plain value, no Quarkus. */
class RiskPolicyTest {

    private static final Recurrence QUIET = new Recurrence(1, 1, 1);

    private final RiskPolicy policy = new RiskPolicy(new Thresholds(10, 50, 200, 1), new Thresholds(100, 500, 2000, 3));

    @ParameterizedTest
    @CsvSource({ "fatal,CRITICAL", "error,HIGH", "warning,MEDIUM", "info,LOW", "debug,LOW", "sample,MEDIUM",
            "FATAL,CRITICAL", "critical,HIGH" })
    void mapsLevelToBaseRisk(String level, Risk expected) {
        assertEquals(expected, policy.assess(level, QUIET, 0));
    }

    @Test
    void unknownOrMissingLevelIsMedium() {
        assertEquals(Risk.MEDIUM, policy.assess(null, QUIET, 0));
    }

    @Test
    void escalatesToAtLeastHighOnRecurrence() {
        assertEquals(Risk.LOW, policy.assess("info", new Recurrence(9, 49, 199), 0));
        assertEquals(Risk.HIGH, policy.assess("info", new Recurrence(10, 10, 10), 0));
        assertEquals(Risk.HIGH, policy.assess("warning", new Recurrence(0, 50, 50), 0));
        assertEquals(Risk.HIGH, policy.assess("debug", new Recurrence(0, 0, 200), 0));
        assertEquals(Risk.CRITICAL, policy.assess("fatal", new Recurrence(10, 10, 10), 0), "never lowers");
    }

    @Test
    void needsPermanentFixAtCriticalThresholds() {
        assertEquals(Risk.CRITICAL, policy.assess("info", new Recurrence(100, 100, 100), 0));
        assertEquals(Risk.CRITICAL, policy.assess("warning", new Recurrence(0, 500, 500), 0));
        assertEquals(Risk.CRITICAL, policy.assess("warning", new Recurrence(0, 0, 2000), 0));
        assertEquals(Risk.HIGH, policy.assess("warning", new Recurrence(99, 499, 1999), 0));
    }

    @Test
    void regressionsEscalate() {
        assertEquals(Risk.HIGH, policy.assess("warning", QUIET, 1));
        assertEquals(Risk.HIGH, policy.assess("info", QUIET, 2));
        assertEquals(Risk.CRITICAL, policy.assess("info", QUIET, 3));
    }
}
