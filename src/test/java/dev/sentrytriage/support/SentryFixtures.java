package dev.sentrytriage.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.source.sentry.SignatureVerifier;

/**
 * The real Sentry payloads in {@code src/test/resources/fixtures/sentry}, turned into the bytes Sentry would send:
 * compact, non-ASCII escaped, keys in Sentry's order ({@code action, installation, data, actor}).
 */
public final class SentryFixtures {

    /** The secret tests sign with (configured first in the test profile). */
    public static final String SECRET = "test-secret-current";
    /** The previous secret, still accepted during rotation. */
    public static final String PREVIOUS_SECRET = "test-secret-previous";

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final List<String> SENTRY_ORDER = List.of("action", "installation", "data", "actor");

    private SentryFixtures() {
    }

    /** The fixture parsed as a tree, to change before serializing. */
    public static ObjectNode tree(String name) {
        try (InputStream in = SentryFixtures.class.getResourceAsStream("/fixtures/sentry/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture as Sentry serializes it. */
    public static byte[] body(String name) {
        return bytes(tree(name));
    }

    /** A tree serialized the way Sentry does. */
    public static byte[] bytes(JsonNode tree) {
        ObjectNode ordered = MAPPER.createObjectNode();
        SENTRY_ORDER.stream().filter(tree::has).forEach(k -> ordered.set(k, tree.get(k)));
        tree.fieldNames().forEachRemaining(k -> {
            if (!ordered.has(k)) {
                ordered.set(k, tree.get(k));
            }
        });
        try {
            return MAPPER.writeValueAsBytes(ordered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resource header of a fixture: the part of its name before the dot. */
    public static String resource(String name) {
        return name.substring(0, name.indexOf('.'));
    }

    public static String sign(byte[] body) {
        return SignatureVerifier.sign(SECRET, body);
    }
}
