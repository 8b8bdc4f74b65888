package dev.sentrytriage.source;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sentrytriage.incident.Tag;
import dev.sentrytriage.sentry.SentryPayloadParser;

/** Small readers shared by the parsers of the non-Sentry sources: text, times and tags out of a JSON tree. */
public final class SourceText {

    /** Longest single text kept from a body (titles, culprits, label values); the rest is cut. */
    public static final int TEXT_MAX = 1000;
    /** Longest message kept. */
    public static final int MESSAGE_MAX = 8000;

    private SourceText() {
    }

    /** Text of a string or number node, cut to {@link #TEXT_MAX}; null for missing, null, blank or structured. */
    public static String text(JsonNode node) {
        return cap(SentryPayloadParser.text(node), TEXT_MAX);
    }

    /** {@code value} cut to {@code max} characters (never inside a surrogate pair). */
    public static String cap(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }

    /** The first argument that is neither null nor blank, or null. */
    public static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /**
     * An ISO-8601 time: with an offset, or naive (read as UTC, as servo's {@code datetime.now()} on a UTC host).
     * Null when absent or not a time, and for Go's zero time {@code 0001-01-01T00:00:00Z}.
     */
    public static Instant instant(JsonNode node) {
        String s = text(node);
        if (s == null) {
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                at = LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notNaive) {
                return null;
            }
        }
        return at.getEpochSecond() <= -62135596800L ? null : at; // Go's zero time means "not set"
    }

    /** The string members of an object as tags, sorted by key. */
    public static List<Tag> tags(JsonNode object) {
        List<Tag> tags = new ArrayList<>();
        if (object != null && object.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            object.fields().forEachRemaining(e -> {
                String value = text(e.getValue());
                if (value != null) {
                    sorted.put(cap(e.getKey(), 200), value);
                }
            });
            sorted.forEach((k, v) -> tags.add(new Tag(k, v)));
        }
        return List.copyOf(tags);
    }
}
