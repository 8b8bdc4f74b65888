package dev.sentrytriage.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Retry-After as a peer sends it, including values that would overflow a retry time. */
class RetryAfterTest {

    @Test
    void readsDeltaSeconds() {
        assertEquals(Duration.ofSeconds(30), RetryAfter.parse("30"));
        assertEquals(Duration.ofMillis(1500), RetryAfter.parse(" 1.5 "));
        assertEquals(Duration.ZERO, RetryAfter.parse("-4"));
    }

    @Test
    void aHugeOrEndlessWaitIsCappedSoTheNextTryCanBeComputed() {
        for (String header : new String[] { "1e18", "Infinity", "9223372036854775807", "86401" }) {
            Duration wait = RetryAfter.parse(header);
            assertEquals(RetryAfter.LONGEST, wait, header);
            Instant.now().plus(wait); // would throw for Duration.ofMillis(Long.MAX_VALUE)
        }
        assertEquals(RetryAfter.LONGEST, RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT"));
    }

    @Test
    void unreadableIsAbsent() {
        assertNull(RetryAfter.parse(null));
        assertNull(RetryAfter.parse("soon"));
        assertNull(RetryAfter.parse("NaN"));
    }
}
