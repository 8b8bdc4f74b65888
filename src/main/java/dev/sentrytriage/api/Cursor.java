package dev.sentrytriage.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The position after the last item of a page in a list ordered by (time desc, id desc). Opaque to clients: a
 * base64url string they hand back unchanged; its content may change between versions.
 */
public record Cursor(Instant time, String id) {

    /** The times a cursor can hold: those PostgreSQL and the JDBC driver handle without question. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    /** Far longer than any cursor this API hands out. */
    private static final int MAX_LENGTH = 200;

    /** The opaque form handed to clients. */
    public String encode() {
        String raw = time.getEpochSecond() + "." + time.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent, or null for the first page. */
    public static Cursor decode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() > MAX_LENGTH) {
                throw new IllegalArgumentException();
            }
            String raw = new String(Base64.getUrlDecoder().decode(value.trim()), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\.", 3);
            if (parts.length != 3 || parts[2].isEmpty()) {
                throw new IllegalArgumentException();
            }
            Instant time = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
                throw new IllegalArgumentException();
            }
            return new Cursor(time, parts[2]);
        } catch (RuntimeException e) {
            throw new InvalidParameterException("cursor is not one this API handed out; start again without it");
        }
    }
}
