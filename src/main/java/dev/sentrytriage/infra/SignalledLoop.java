package dev.sentrytriage.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.sentrytriage.text.LogSafe;

/**
 * Background threads that run one "pass" (claim and handle what is due) whenever their stage's {@link WorkSignal}
 * rings, and at least every {@code idle}. A pass drains what is due; the work it stores for the next stage rings that
 * stage's signal when it commits ({@link WorkSignals#afterCommit}).
 */
public final class SignalledLoop {

    private static final Logger LOG = Logger.getLogger(SignalledLoop.class);

    private final String name;
    private final WorkSignal signal;
    private final IntSupplier pass;
    private final Duration idle;
    private final Supplier<Duration> nextDue;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean stopped;

    public SignalledLoop(String name, WorkSignal signal, Duration idle, IntSupplier pass) {
        this(name, signal, idle, pass, () -> idle);
    }

    /**
     * As above, and after each pass waits at most {@code nextDue} (for a stage that itself put work off until a known
     * time, e.g. a rate limit): that work then goes out when it is due, not at the next idle timeout.
     */
    public SignalledLoop(String name, WorkSignal signal, Duration idle, IntSupplier pass, Supplier<Duration> nextDue) {
        this.name = name;
        this.signal = signal;
        this.idle = idle;
        this.pass = pass;
        this.nextDue = nextDue;
    }

    /** Starts {@code count} daemon threads. */
    public void start(int count) {
        running = true;
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(this::run, name + "-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /**
     * Stops the threads: interrupts them (a blocking call in a pass is cancelled) and waits at most {@code bound} for
     * them all to end. Work in flight is protected by its lease and picked up again later. Returns whether every
     * thread ended in time; one that did not is a daemon and does not hold the process up.
     */
    public boolean stop(Duration bound) {
        stopped = true;
        running = false;
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + bound.toNanos();
        boolean interrupted = false;
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        boolean stopped = threads.stream().noneMatch(Thread::isAlive);
        if (!stopped) {
            LOG.warnf("%s: threads still busy after %d ms, left to their leases", name, bound.toMillis());
        }
        return stopped;
    }

    /** Whether this loop was stopped: work finishing now should not be recorded, its lease runs out instead. */
    public boolean stopping() {
        return stopped;
    }

    private void run() {
        long seen = signal.rings();
        while (running) {
            try {
                pass.getAsInt();
            } catch (RuntimeException e) {
                // database away or similar: the next ring or the idle timeout tries again
                LOG.warnf("%s pass failed: %s", name, LogSafe.error(e));
            }
            try {
                Duration due = nextDue.get();
                seen = signal.await(seen, due.compareTo(idle) < 0 ? due : idle);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
