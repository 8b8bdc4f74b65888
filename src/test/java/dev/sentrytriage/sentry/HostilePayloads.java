package dev.sentrytriage.sentry;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.support.SentryFixtures;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Hostile variants of the real fixtures, for property tests: one field (or an id) of a real payload replaced by an
 * arbitrary JSON value, text from every Unicode class (NUL, controls, lone surrogates, astral characters), huge and
 * odd numbers and dates, over-long ids; sometimes raw bytes that are not UTF-8 inside a string the intake skips.
 */
public final class HostilePayloads {

    /** The triaged fixtures the variants start from, with their resource header. */
    public static final List<String> BASES = List.of("issue.created", "issue.ignored", "issue.resolved",
            "event_alert.triggered", "error.created", "metric_alert.critical");

    /** Fields replaced in the variants (JSON pointers; a missing parent is created). */
    private static final List<String> FIELDS = List.of("/action", "/data/issue/id", "/data/issue/title",
            "/data/issue/culprit", "/data/issue/firstSeen", "/data/issue/lastSeen", "/data/issue/count",
            "/data/issue/project/slug", "/data/issue/shortId", "/data/issue/statusDetails/ignoreUntil",
            "/data/issue/metadata/value", "/data/issue/level", "/data/event/issue_id", "/data/event/title",
            "/data/event/datetime", "/data/event/timestamp", "/data/event/tags", "/data/event/url",
            "/data/event/exception/values/0/stacktrace/frames/0/lineno",
            "/data/event/exception/values/0/stacktrace/frames/0/pre_context", "/data/error/issue_id",
            "/data/error/culprit", "/data/error/datetime", "/data/error/tags", "/data/metric_alert/id",
            "/data/metric_alert/projects", "/data/metric_alert/date_started", "/data/description_title",
            "/data/triggered_rule");

    /** Placeholder written where raw bytes go (the fixtures are serialized with non-ASCII escaped). */
    private static final String RAW = "@@raw@@";
    private static final byte[] RAW_ASCII = RAW.getBytes(StandardCharsets.US_ASCII);

    private HostilePayloads() {
    }

    /** A hostile variant: resource header and the exact bytes to send. */
    public record Variant(String resource, byte[] body, String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    public static Arbitrary<Variant> variants() {
        Arbitrary<String> base = Arbitraries.of(BASES);
        Arbitrary<String> field = Arbitraries.of(FIELDS);
        Arbitrary<byte[]> raw = Arbitraries.of(new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
                new byte[] { (byte) 0xED, (byte) 0xBF, (byte) 0xBF }, new byte[] { (byte) 0xFF },
                new byte[] { (byte) 0xC0, (byte) 0xAF }, new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
                "\u00e9".getBytes(StandardCharsets.UTF_8));
        return Combinators.combine(base, field, values(), raw, Arbitraries.integers().between(1, 3))
                .as((b, f, v, r, times) -> {
                    ObjectNode tree = SentryFixtures.tree(b);
                    for (int i = 0; i < times; i++) {
                        put(tree, f, v);
                    }
                    if (!tree.has("installation")) {
                        tree.putObject("installation");
                    }
                    ((ObjectNode) tree.get("installation")).put("note", "x" + RAW + "y"); // a value intake skips
                    byte[] body = replace(SentryFixtures.bytes(tree), RAW_ASCII, r);
                    return new Variant(SentryFixtures.resource(b), body, b + " " + f + "=" + abbreviate(v)
                            + " raw=" + hex(r));
                });
    }

    /** Arbitrary JSON values, weighted towards what breaks storage. */
    public static Arbitrary<JsonNode> values() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        Arbitrary<JsonNode> text = strings().map(json::textNode);
        Arbitrary<JsonNode> numbers = Arbitraries.oneOf(
                Arbitraries.longs().map(json::numberNode),
                Arbitraries.doubles().map(json::numberNode),
                Arbitraries.of(-1e15, 1e15, 1e300, -1e300, Double.MIN_VALUE).map(json::numberNode),
                Arbitraries.of("1e999999999", "-1e999999999", "1e-999999999", "9".repeat(900)).map(BigDecimal::new)
                        .map(json::numberNode),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(json::numberNode));
        Arbitrary<JsonNode> dates = Arbitraries.of("+999999-01-01T00:00:00Z", "-999999-01-01T00:00:00Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2024-02-30T00:00:00Z", "1e999999999", "-1e15",
                "NaN", "Infinity", "2024-01-01T00:00:00+18:00", "2024-01-01T00:00:00\u0000Z")
                .map(json::textNode);
        Arbitrary<JsonNode> longIds = Arbitraries.integers().between(190, 7000).map(n -> json.textNode("i".repeat(n)));
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(text, numbers, dates, longIds,
                Arbitraries.of(json.nullNode(), json.booleanNode(true), json.textNode(""), json.textNode(" ")));
        Arbitrary<JsonNode> arrays = scalars.list().ofMaxSize(4).map(l -> {
            ArrayNode a = json.arrayNode();
            l.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> objects = Combinators.combine(strings(), scalars).as((k, v) -> {
            ObjectNode o = json.objectNode();
            o.set(k, v);
            return o;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalars), net.jqwik.api.Tuple.of(1, arrays), net.jqwik.api.Tuple.of(1, objects));
    }

    /** Strings with every Unicode class: NUL and controls, lone surrogates, astral characters, any char at all. */
    public static Arbitrary<String> strings() {
        Arbitrary<Character> hostile = Arbitraries.of('\u0000', '\u0001', '\n', '\u007f', '\u0085', '\u200b', '\u202e',
                '\ud800', '\udbff', '\udc00', '\udfff', '\ufeff', '\ufffd', '\uffff', '"', '\\', 'a', ' ');
        Arbitrary<Character> any = Arbitraries.chars().all();
        Arbitrary<String> mixed = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, hostile),
                net.jqwik.api.Tuple.of(2, any)).list().ofMaxSize(40)
                .map(cs -> {
                    StringBuilder sb = new StringBuilder();
                    cs.forEach(sb::append);
                    return sb.toString();
                });
        Arbitrary<String> astral = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(5).map(s -> s + "\uD83D\uDE00");
        Arbitrary<String> huge = Arbitraries.integers().between(1_000, 300_000).map(n -> "x".repeat(n - 1) + "\uD83D");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, mixed), net.jqwik.api.Tuple.of(1, astral),
                net.jqwik.api.Tuple.of(1, huge));
    }

    /** Sets {@code pointer} in {@code tree} to {@code value}, creating objects on the way (an array index 0 too). */
    static void put(ObjectNode tree, String pointer, JsonNode value) {
        String[] parts = pointer.substring(1).split("/");
        JsonNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = child(node, parts[i]);
            if (next == null || !next.isContainerNode()) {
                next = parts[i + 1].matches("\\d+") ? JsonNodeFactory.instance.arrayNode()
                        : JsonNodeFactory.instance.objectNode();
                set(node, parts[i], next);
            }
            node = next;
        }
        set(node, parts[parts.length - 1], value);
    }

    private static JsonNode child(JsonNode node, String part) {
        if (node.isArray()) {
            return node.get(Integer.parseInt(part));
        }
        return node.get(part);
    }

    private static void set(JsonNode node, String part, JsonNode value) {
        if (node instanceof ArrayNode a) {
            int i = Integer.parseInt(part);
            while (a.size() <= i) {
                a.addObject();
            }
            a.set(i, value);
        } else {
            ((ObjectNode) node).set(part, value);
        }
    }

    static byte[] replace(byte[] body, byte[] what, byte[] with) {
        List<Byte> out = new ArrayList<>(body.length);
        for (int i = 0; i < body.length; i++) {
            if (i + what.length <= body.length && java.util.Arrays.equals(body, i, i + what.length, what, 0, what.length)) {
                for (byte b : with) {
                    out.add(b);
                }
                i += what.length - 1;
            } else {
                out.add(body[i]);
            }
        }
        byte[] result = new byte[out.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(i);
        }
        return result;
    }

    private static String abbreviate(JsonNode v) {
        String s = v.toString();
        return s.length() > 60 ? s.substring(0, 60) + "...(" + s.length() + ")" : s;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
