package dev.sentrytriage.worker;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

/** In-process wake-up: intake rings it after storing a delivery, so a worker starts at once instead of at the next sweep. */
@ApplicationScoped
public class WorkSignal {

    private final Object lock = new Object();
    private long rings;

    /** Wakes every waiting worker. */
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
