package dev.sentrytriage.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.MutableClock;

class CallGuardTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Duration> waits = new ArrayList<>();
    private final CallGuard guard = new CallGuard("test", clock, 2, Duration.ofSeconds(5), 2, Duration.ofSeconds(60), 1,
            Duration.ZERO, waits::add);

    private static PeerException http(int status, String code, Duration retryAfter) {
        return new PeerException(PeerException.Kind.HTTP, status, code, retryAfter, "HTTP " + status);
    }

    @Test
    void retriesA503WaitingItsRetryAfter() {
        AtomicInteger calls = new AtomicInteger();
        String answer = guard.call(() -> {
            if (calls.incrementAndGet() < 3) {
                throw http(503, null, Duration.ofSeconds(2));
            }
            return "ok";
        });
        assertEquals("ok", answer);
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2)), waits);
    }

    @Test
    void doesNotWaitForARetryAfterBeyondTheCap() {
        AtomicInteger calls = new AtomicInteger();
        PeerException e = assertThrows(PeerException.class, () -> guard.call(() -> {
            calls.incrementAndGet();
            throw http(429, "rate_limit_exceeded", Duration.ofSeconds(30));
        }));
        assertEquals(Duration.ofSeconds(30), e.retryAfter());
        assertEquals(1, calls.get());
        assertTrue(waits.isEmpty());
    }

    @Test
    void neverRetriesClientErrorsOrAnExhaustedQuota() {
        for (PeerException failure : List.of(http(400, null, null), http(401, "invalid_api_key", null),
                http(429, "insufficient_quota", null), PeerException.of(PeerException.Kind.TIMEOUT, "timeout"))) {
            AtomicInteger calls = new AtomicInteger();
            assertThrows(PeerException.class, () -> guard.call(() -> {
                calls.incrementAndGet();
                throw failure;
            }));
            assertEquals(1, calls.get(), failure.reason());
            guard.reset();
        }
    }

    @Test
    void opensAfterConsecutiveFailuresAndLetsOneTrialThroughAfterTheDelay() {
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            assertThrows(PeerException.class, () -> guard.call(() -> {
                calls.incrementAndGet();
                throw PeerException.of(PeerException.Kind.IO, "unreachable");
            }));
        }
        assertTrue(guard.isOpen());
        PeerException refused = assertThrows(PeerException.class, () -> guard.call(() -> {
            calls.incrementAndGet();
            return "never";
        }));
        assertEquals(PeerException.Kind.CIRCUIT_OPEN, refused.kind());
        assertEquals(2, calls.get());

        clock.advance(Duration.ofSeconds(61));
        assertEquals("back", guard.call(() -> "back"));
        assertFalse(guard.isOpen());
    }

    @Test
    void aFailedTrialOpensTheBreakerAgainAtOnce() {
        for (int i = 0; i < 2; i++) {
            assertThrows(PeerException.class, () -> guard.call(() -> {
                throw PeerException.of(PeerException.Kind.TIMEOUT, "timeout");
            }));
        }
        clock.advance(Duration.ofSeconds(61));
        assertThrows(PeerException.class, () -> guard.call(() -> {
            throw PeerException.of(PeerException.Kind.TIMEOUT, "timeout");
        }));
        assertTrue(guard.isOpen());
    }

    @Test
    void invalidAnswersDoNotOpenTheBreaker() {
        for (int i = 0; i < 5; i++) {
            assertThrows(PeerException.class, () -> guard.call(() -> {
                throw PeerException.of(PeerException.Kind.INVALID_ANSWER, "answer not JSON");
            }));
        }
        assertFalse(guard.isOpen());
    }

    @Test
    void refusesACallBeyondTheConcurrencyLimit() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> guard.call(() -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "held";
        }));
        holder.start();
        inside.await();
        PeerException busy = assertThrows(PeerException.class, () -> guard.call(() -> "second"));
        assertEquals(PeerException.Kind.BUSY, busy.kind());
        release.countDown();
        holder.join();
        assertEquals("third", guard.call(() -> "third"));
    }
}
