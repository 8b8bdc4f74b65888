package dev.sentrytriage.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.sentrytriage.text.ShortDuration;

/** Parses the API's query parameters; anything unusable becomes a 400 with a message that says what would work. */
final class Params {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final Duration MAX_MUTE = Duration.ofDays(365);
    /** Longest text filter accepted (a project slug is far shorter). */
    static final int MAX_TEXT = 200;
    /** Most characters of a client's value repeated in an error message. */
    private static final int SHOWN = 40;

    private Params() {
    }

    /** The values of a filter given repeated or comma-separated ({@code status=OPEN,MUTED}), case-insensitive. */
    static <E extends Enum<E>> Set<E> enums(String name, List<String> values, Class<E> type) {
        Set<E> result = EnumSet.noneOf(type);
        if (values == null) {
            return result;
        }
        for (String value : values) {
            for (String part : value.split(",")) {
                String wanted = part.strip().toUpperCase(Locale.ROOT);
                if (wanted.isEmpty()) {
                    continue;
                }
                try {
                    result.add(Enum.valueOf(type, wanted));
                } catch (IllegalArgumentException e) {
                    throw new InvalidParameterException("unknown " + name + " '" + shown(part.strip()) + "'; expected one of "
                            + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
                }
            }
        }
        return result;
    }

    /** The page size: {@value #DEFAULT_LIMIT} when absent, 1 to {@value #MAX_LIMIT} otherwise. */
    static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        String text = value.strip();
        int limit;
        try {
            limit = text.length() > 9 ? -1 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParameterException("limit must be a whole number between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    /**
     * A free-text filter such as {@code project}: null when absent or blank, otherwise stripped of white space; at most
     * {@value #MAX_TEXT} characters and no control characters (PostgreSQL cannot even compare a NUL).
     */
    static String text(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > MAX_TEXT) {
            throw new InvalidParameterException(name + " must be at most " + MAX_TEXT + " characters");
        }
        if (!printable(text)) {
            throw new InvalidParameterException(name + " must not contain control characters or broken Unicode");
        }
        return text;
    }

    /** An incident id from the path; what is not a number names no incident. */
    static long incidentId(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ResourceNotFoundException("incident " + shown(value) + " not found");
        }
    }

    /** A client's value as an error message may repeat it: shortened, control characters and lone surrogates as '?'. */
    static String shown(String value) {
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (int i = 0; i < value.length(); i++, count++) {
            if (count == SHOWN) {
                return out.append("...").toString();
            }
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                out.append(c).append(value.charAt(++i));
            } else {
                out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
            }
        }
        return out.toString();
    }

    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A mute duration: {@code 30m}, {@code 2h}, {@code 1d}, {@code 1w} or ISO-8601 ({@code PT2H}); positive, at most a year. */
    static Duration muteDuration(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameterException("duration is required, e.g. 30m, 2h, 1d or PT2H");
        }
        Duration duration = ShortDuration.parse(value, "smhdw");
        if (duration == null) {
            throw new InvalidParameterException("duration '" + shown(value.trim())
                    + "' is not a duration; use e.g. 30m, 2h, 1d, 1w or PT2H");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new InvalidParameterException("duration must be positive");
        }
        if (duration.compareTo(MAX_MUTE) > 0) {
            throw new InvalidParameterException("duration must be at most 365 days; resolve the incident instead");
        }
        return duration;
    }

    /** A silence state filter: {@code active}, {@code pending} or {@code expired} (case-insensitive); null when absent. */
    static String silenceState(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String state = value.trim().toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("active", "pending", "expired").contains(state)) {
            throw new InvalidParameterException("unknown state '" + shown(value.trim())
                    + "'; expected one of active, pending, expired");
        }
        return state;
    }
}
