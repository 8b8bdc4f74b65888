package dev.sentrytriage.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as the board shows them: relative ("3 min ago") for reading, absolute UTC for the tooltip and machines. */
final class Ago {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Ago() {
    }

    /** {@code "just now"}, {@code "3 min ago"}, {@code "5 h ago"}, {@code "2 d ago"}; {@code "in 20 min"} ahead. */
    static String relative(Instant at, Instant now) {
        if (at == null) {
            return "-";
        }
        Duration d = Duration.between(at, now);
        boolean future = d.isNegative();
        long s = Math.abs(d.getSeconds());
        String amount;
        if (s < 60) {
            return future ? "in under a minute" : "just now";
        } else if (s < 3600) {
            amount = s / 60 + " min";
        } else if (s < 86_400 * 2) {
            amount = s / 3600 + " h";
        } else {
            amount = s / 86_400 + " d";
        }
        return future ? "in " + amount : amount + " ago";
    }

    /** {@code 2026-12-01 22:24:32 UTC}, or {@code "-"}. */
    static String absolute(Instant at) {
        return at == null ? "-" : UTC.format(at);
    }
}
