package dev.sentrytriage.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The doubling wait every retry uses; a plain value, no Quarkus. */
class BackoffTest {

    @Test
    void doublesFromTheFirstFailure() {
        Backoff b = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1));
        assertEquals(Duration.ofSeconds(10), b.after(1));
        assertEquals(Duration.ofSeconds(20), b.after(2));
        assertEquals(Duration.ofSeconds(40), b.after(3));
    }

    @Test
    void noFailureYetWaitsTheFirstStep() {
        Backoff b = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1));
        assertEquals(Duration.ofSeconds(10), b.after(0));
        assertEquals(Duration.ofSeconds(10), b.after(-3));
    }

    @Test
    void neverWaitsLongerThanTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(1));
        assertEquals(Duration.ofSeconds(40), b.after(3));
        assertEquals(Duration.ofMinutes(1), b.after(4));
        assertEquals(Duration.ofMinutes(1), b.after(Integer.MAX_VALUE));
    }

    @Test
    void doublingCountBoundsTheWait() {
        Backoff b = Backoff.doubling(Duration.ofSeconds(1), 10);
        assertEquals(Duration.ofSeconds(512), b.after(10));
        assertEquals(Duration.ofSeconds(1024), b.after(11));
        assertEquals(Duration.ofSeconds(1024), b.after(12));
        assertEquals(Duration.ofSeconds(1024), b.after(1000));
    }

    @Test
    void manyFailuresDoNotOverflow() {
        Backoff b = new Backoff(Duration.ofDays(1), Duration.ofSeconds(Long.MAX_VALUE));
        assertEquals(Duration.ofDays(1L << Backoff.MAX_DOUBLINGS), b.after(Integer.MAX_VALUE));
    }
}
