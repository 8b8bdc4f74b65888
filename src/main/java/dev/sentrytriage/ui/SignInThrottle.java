package dev.sentrytriage.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Slows down password guessing: after {@value #MAX_FAILURES} wrong passwords from one address within
 * {@link #WINDOW}, that address may not try again until the window has passed. Per process and in memory; the
 * password should be long and random anyway (e.g. {@code openssl rand -hex 16}).
 */
@ApplicationScoped
public class SignInThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int MAX_ADDRESSES = 10_000;

    private record Failures(Instant first, int count) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code address} must still wait before trying again, or null when it may try now. */
    public Duration lockedFor(String address) {
        Failures f = failures.get(address);
        if (f == null || f.count() < MAX_FAILURES) {
            return null;
        }
        Duration left = Duration.between(clock.instant(), f.first().plus(WINDOW));
        if (left.isNegative() || left.isZero()) {
            failures.remove(address, f);
            return null;
        }
        return left;
    }

    /** Counts one wrong password from {@code address}. */
    public void failed(String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_ADDRESSES) {
            failures.values().removeIf(f -> f.first().plus(WINDOW).isBefore(now));
            if (failures.size() >= MAX_ADDRESSES) {
                failures.clear();
            }
        }
        failures.compute(address, (a, f) -> f == null || f.first().plus(WINDOW).isBefore(now) ? new Failures(now, 1)
                : new Failures(f.first(), f.count() + 1));
    }

    /** Forgets the failures of {@code address} after a right password. */
    public void succeeded(String address) {
        failures.remove(address);
    }
}
