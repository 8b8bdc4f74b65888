package dev.sentrytriage.notify;

import java.time.Duration;

/** A duration as a button or a line shows it: {@code 1d}, {@code 4h}, {@code 30m}, {@code 1h30m}, {@code 45s}. */
final class ShortDuration {

    private ShortDuration() {
    }

    /** {@code d} in days, hours, minutes and seconds, the zero parts left out; {@code 0m} for zero or less. */
    static String of(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            return "0m";
        }
        StringBuilder s = new StringBuilder();
        append(s, d.toDays(), "d");
        append(s, d.toHoursPart(), "h");
        append(s, d.toMinutesPart(), "m");
        append(s, d.toSecondsPart(), "s");
        return s.isEmpty() ? "0m" : s.toString();
    }

    private static void append(StringBuilder s, long amount, String unit) {
        if (amount > 0) {
            s.append(amount).append(unit);
        }
    }
}
