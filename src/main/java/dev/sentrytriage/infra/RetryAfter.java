package dev.sentrytriage.infra;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** An HTTP {@code Retry-After} header read as a wait, never longer than {@link #LONGEST}. */
public final class RetryAfter {

    /** The longest wait taken from a peer: a larger value (or "1e18") is read as this, so no retry time overflows. */
    public static final Duration LONGEST = Duration.ofDays(1);

    private RetryAfter() {
    }

    /** Delta seconds (possibly fractional) or an HTTP date; null when absent or unreadable. */
    public static Duration parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        try {
            double seconds = Double.parseDouble(h);
            if (Double.isNaN(seconds)) {
                return null;
            }
            return seconds >= LONGEST.toSeconds() ? LONGEST : Duration.ofMillis(Math.max(0, Math.round(seconds * 1000)));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(Instant.now(), ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d.compareTo(LONGEST) > 0 ? LONGEST : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
