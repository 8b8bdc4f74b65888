package dev.sentrytriage.infra;

import java.time.Duration;

/** The wait before a retry: {@code first}, doubled on each further attempt, at most {@code max}. */
public final class Backoff {

    private Backoff() {
    }

    /** The wait after the {@code attempts}-th failed attempt (1: {@code first}). */
    public static Duration doubling(Duration first, int attempts, Duration max) {
        Duration wait = first.multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
