package dev.sentrytriage.sentry;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.sentry.HostilePayloads.Variant;
import dev.sentrytriage.text.StoredText;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property: whatever a verified body holds, if intake's check accepts it, the worker reads it and the parser gives a
 * context that PostgreSQL can store (no NUL or lone surrogate, every text within its cap, keys short enough for the
 * unique index, timestamps within range) and that serializes as the incident's context.
 */
class SentryPayloadParserPropertyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();
    private final SentryPayloadParser parser = new SentryPayloadParser(URI.create("https://acme.sentry.io/"));

    @Provide
    Arbitrary<Variant> variants() {
        return HostilePayloads.variants();
    }

    @Property(tries = 200)
    void whatIntakeAcceptsBecomesAStorableContext(@ForAll("variants") Variant v) throws IOException {
        SentryResource resource = SentryResource.fromHeader(v.resource());
        SentryResource.Envelope envelope;
        try (JsonParser p = MAPPER.getFactory().createParser(SentryResource.decode(v.body()))) {
            envelope = resource.inspect(p);
        } catch (IOException e) {
            return; // answered 400: nothing to process
        }
        if (envelope.missing() != null) {
            return; // answered 400
        }
        JsonNode tree = MAPPER.readTree(SentryResource.decode(v.body())); // the worker's read: must not fail
        IssueContext ctx = parser.parse(resource, tree);
        assertNotNull(ctx.issueId(), "intake saw an issue id, the parser must too");
        assertTrue(ctx.issueId().length() <= StoredText.MAX_KEY);
        assertTrue(ctx.project().length() <= StoredText.MAX_KEY);
        assertStorable(ctx.title(), StoredText.MAX_TEXT);
        assertStorable(ctx.culprit(), StoredText.MAX_TEXT);
        assertStorable(ctx.action(), StoredText.MAX_SHORT);
        assertStorable(ctx.issueId(), StoredText.MAX_KEY);
        assertStorable(ctx.project(), StoredText.MAX_KEY);
        assertStorable(ctx.shortId(), StoredText.MAX_SHORT);
        assertStorable(ctx.level(), StoredText.MAX_SHORT);
        assertStorable(ctx.environment(), StoredText.MAX_SHORT);
        assertStorable(ctx.release(), StoredText.MAX_SHORT);
        assertStorable(ctx.platform(), StoredText.MAX_SHORT);
        assertStorable(ctx.message(), StoredText.MAX_LONG);
        assertStorable(ctx.exceptionType(), StoredText.MAX_SHORT);
        assertStorable(ctx.exceptionValue(), StoredText.MAX_LONG);
        assertStorable(ctx.sentryUrl(), StoredText.MAX_URL);
        assertStorable(ctx.triggeredRule(), StoredText.MAX_TEXT);
        assertStorable(ctx.eventId(), StoredText.MAX_SHORT);
        assertStorable(ctx.assignee(), StoredText.MAX_SHORT);
        assertTrue(ctx.tags().size() <= StoredText.MAX_TAGS);
        ctx.tags().forEach(t -> {
            assertStorable(t.key(), StoredText.MAX_SHORT);
            assertStorable(t.value(), StoredText.MAX_TEXT);
        });
        ctx.frames().forEach(f -> {
            assertStorable(f.filename(), StoredText.MAX_TEXT);
            assertStorable(f.function(), StoredText.MAX_TEXT);
            assertStorable(f.module(), StoredText.MAX_TEXT);
            assertStorable(f.contextLine(), StoredText.MAX_TEXT);
            assertTrue(f.preContext().size() <= StoredText.MAX_CONTEXT_LINES);
            f.preContext().forEach(l -> assertStorable(l, StoredText.MAX_TEXT));
            f.postContext().forEach(l -> assertStorable(l, StoredText.MAX_TEXT));
        });
        assertInRange(ctx.firstSeen());
        assertInRange(ctx.lastSeen());
        assertInRange(ctx.mutedUntil());
        assertDoesNotThrow(() -> MAPPER.writeValueAsString(ctx));
    }

    static void assertStorable(String s, int cap) {
        if (s == null) {
            return;
        }
        assertTrue(s.length() <= cap, () -> "longer than " + cap + ": " + s.length());
        assertFalse(s.indexOf('\u0000') >= 0, "NUL left in text");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)), "lone high surrogate");
                i++;
            } else {
                assertFalse(Character.isLowSurrogate(c), "lone low surrogate");
            }
        }
    }

    private static void assertInRange(Instant t) {
        if (t != null) {
            assertFalse(t.isBefore(SentryPayloadParser.EARLIEST) || t.isAfter(SentryPayloadParser.LATEST), t::toString);
        }
    }
}
