package dev.sentrytriage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import dev.sentrytriage.incident.IncidentStatus;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a client sends, parsing a parameter either yields a usable value or a 400 with a message. */
class ParamsPropertiesTest {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    @Property(tries = 2000)
    void cursorIsUsableOrRefused(@ForAll("cursors") String value) {
        try {
            Cursor cursor = Cursor.decode(value);
            assertTrue(cursor == null || (!cursor.time().isBefore(EARLIEST) && !cursor.time().isAfter(LATEST)
                    && !cursor.id().isEmpty()), () -> value + " gave " + cursor);
        } catch (InvalidParameterException expected) {
            // a 400
        }
    }

    @Property(tries = 2000)
    void muteDurationIsInRangeOrRefused(@ForAll("texts") String value) {
        try {
            Duration d = Params.muteDuration(value);
            assertTrue(!d.isNegative() && !d.isZero() && d.compareTo(Params.MAX_MUTE) <= 0, () -> value + " gave " + d);
        } catch (InvalidParameterException expected) {
            // a 400
        }
    }

    @Example
    void muteDurationsAsWritten() {
        assertEquals(Duration.ofSeconds(45), Params.muteDuration("45s"));
        assertEquals(Duration.ofDays(14), Params.muteDuration(" 2W "));
        assertEquals(Duration.ofMinutes(90), Params.muteDuration("PT1H30M"));
    }

    @Property(tries = 2000)
    void limitIsInRangeOrRefused(@ForAll("texts") String value) {
        try {
            int limit = Params.limit(value);
            assertTrue(limit >= 1 && limit <= Params.MAX_LIMIT, () -> value + " gave " + limit);
        } catch (InvalidParameterException expected) {
            // a 400
        }
    }

    @Property(tries = 2000)
    void textFilterHasNoControlCharactersOrRefused(@ForAll("texts") String value) {
        try {
            String text = Params.text("project", value);
            assertTrue(text == null || (text.length() <= Params.MAX_TEXT
                    && text.chars().noneMatch(Character::isISOControl)), () -> value + " gave " + text);
        } catch (InvalidParameterException expected) {
            // a 400
        }
    }

    @Property(tries = 2000)
    void enumFilterOrRefused(@ForAll("texts") String value) {
        try {
            Params.enums("status", List.of(value), IncidentStatus.class);
        } catch (InvalidParameterException e) {
            assertTrue(e.getMessage().length() < 200 && e.getMessage().chars().noneMatch(Character::isISOControl),
                    e::getMessage);
        }
    }

    @Property(tries = 2000)
    void incidentIdIsANumberOrNotFound(@ForAll("texts") String value) {
        try {
            Params.incidentId(value);
        } catch (ResourceNotFoundException e) {
            assertTrue(e.getMessage().length() < 100 && e.getMessage().chars().noneMatch(Character::isISOControl),
                    e::getMessage);
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().numeric().withChars("+-.eE ").ofMaxLength(30),
                Arbitraries.integers().map(String::valueOf), Arbitraries.longs().map(String::valueOf));
    }

    @Provide
    Arbitrary<String> cursors() {
        Arbitrary<String> raw = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.longs().flatMap(s -> Arbitraries.longs().flatMap(n -> Arbitraries.strings().all()
                        .ofMaxLength(40).map(id -> s + "." + n + "." + id))));
        return Arbitraries.oneOf(texts(), raw.map(s -> Base64.getUrlEncoder().withoutPadding()
                .encodeToString(s.getBytes(StandardCharsets.UTF_8))));
    }
}
