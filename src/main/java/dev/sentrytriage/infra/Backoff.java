package dev.sentrytriage.infra;

import java.time.Duration;

/**
 * The one retry wait of the service: {@code first} after the first failure, doubled after each further one, never
 * longer than {@code max}. Deliveries, analysis upgrades, Telegram sends and the inline retries of outbound calls all
 * wait by it.
 */
public record Backoff(Duration first, Duration max) {

    /** Doublings at most; past them the wait stays put (and the arithmetic cannot overflow). */
    static final int MAX_DOUBLINGS = 20;

    /** Doubles at most {@code doublings} times ({@code first * 2^doublings} is the longest wait). */
    public static Backoff doubling(Duration first, int doublings) {
        return new Backoff(first, first.multipliedBy(1L << Math.min(MAX_DOUBLINGS, Math.max(0, doublings))));
    }

    /** The wait after the {@code failures}-th failure (1 for the first; 0 and less count as 1). */
    public Duration after(int failures) {
        Duration wait = first.multipliedBy(1L << Math.min(MAX_DOUBLINGS, Math.max(0, failures - 1)));
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
