package dev.sentrytriage.infra;

import java.time.Duration;

/**
 * In-process wake-up of one background stage, so it starts at once instead of at its next sweep. Each stage has its
 * own (see {@link WorkSignals}): a stage is woken only when work of its own kind was stored.
 */
public final class WorkSignal {

    private final Object lock = new Object();
    private long rings;

    /** Wakes every thread waiting on this signal. */
    public void wake() {
        synchronized (lock) {
            rings++;
            lock.notifyAll();
        }
    }

    /** How many times the signal has rung so far. */
    public long rings() {
        synchronized (lock) {
            return rings;
        }
    }

    /** Waits until the signal rings after {@code seen} rings, or {@code max} passes; returns the rings now. */
    public long await(long seen, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (lock) {
            while (rings == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return rings;
        }
    }
}
