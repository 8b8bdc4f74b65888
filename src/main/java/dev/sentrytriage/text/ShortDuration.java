package dev.sentrytriage.text;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them ({@code 90m}, {@code 2h}, {@code 1d}, ISO {@code PT2H}) and as a button or a line
 * shows them ({@code 1d}, {@code 4h}, {@code 30m}, {@code 1h30m}, {@code 45s}).
 */
public final class ShortDuration {

    private static final Pattern WRITTEN = Pattern.compile("(\\d{1,6})([a-z])");

    private ShortDuration() {
    }

    /**
     * {@code value} as written: a whole number (up to six digits) and one of {@code units}, each of {@code s m h d w}
     * (seconds to weeks), e.g. {@code 90m}; or ISO-8601 such as {@code PT2H}. Case and surrounding white space do
     * not matter. Null when it is neither; the caller checks the range and says what would work.
     */
    public static Duration parse(String value, String units) {
        if (value == null) {
            return null;
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = WRITTEN.matcher(text);
        if (m.matches() && units.indexOf(m.group(2).charAt(0)) >= 0) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> throw new IllegalArgumentException("units are among s, m, h, d and w, not " + units);
            };
        }
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code d} in days, hours, minutes and seconds, the zero parts left out; {@code 0m} for zero or less. */
    public static String of(Duration d) {
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
