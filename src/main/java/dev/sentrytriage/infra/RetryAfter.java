package dev.sentrytriage.infra;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** An HTTP {@code Retry-After} header read as a wait. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** Delta seconds (possibly fractional) or an HTTP date; null when absent or unreadable. */
    public static Duration parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        try {
            return Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(h) * 1000)));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(Instant.now(), ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
