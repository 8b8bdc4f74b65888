package dev.sentrytriage.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** How long a retention pass rests after a batch: its statements take at most the configured share of its time. */
class RetentionPaceTest {

    private static final Duration PAUSE = Duration.ofMillis(20);

    @Test
    void aSlowBatchIsFollowedByAProportionalPause() {
        // 40 ms in a statement at a fifth of the time: 160 ms of rest
        assertEquals(Duration.ofMillis(160), RetentionService.pauseAfter(Duration.ofMillis(40), PAUSE, 0.2));
        // the database twice as slow: twice the rest
        assertEquals(Duration.ofMillis(320), RetentionService.pauseAfter(Duration.ofMillis(80), PAUSE, 0.2));
    }

    @Test
    void aFastBatchStillWaitsTheConfiguredPause() {
        assertEquals(PAUSE, RetentionService.pauseAfter(Duration.ofMillis(1), PAUSE, 0.2));
    }

    @Test
    void aShareOfOneOrMoreIsOnlyTheConfiguredPause() {
        assertEquals(PAUSE, RetentionService.pauseAfter(Duration.ofSeconds(5), PAUSE, 1.0));
        assertEquals(Duration.ZERO, RetentionService.pauseAfter(Duration.ofSeconds(5), Duration.ZERO, 1.0));
    }
}
