package dev.sentrytriage.sentry;

import static dev.sentrytriage.sentry.SentryPayloadParser.firstNonNull;
import static dev.sentrytriage.sentry.SentryPayloadParser.text;
import static dev.sentrytriage.text.StoredText.MAX_CONTEXT_LINES;
import static dev.sentrytriage.text.StoredText.MAX_FRAMES;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sentrytriage.incident.Frame;

/**
 * The one reading of a Sentry stack trace, whether from a webhook's event ({@code lineno}, {@code in_app},
 * {@code context_line} / {@code pre_context} / {@code post_context}) or from the API's latest event ({@code lineNo},
 * {@code inApp}, {@code absPath}, {@code context} as [line, text] pairs): in-app frames first, then the rest, each
 * group newest first (Sentry sends oldest first), at most {@link dev.sentrytriage.text.StoredText#MAX_FRAMES}.
 */
public final class SentryFrames {

    private SentryFrames() {
    }

    /** The top frames of a {@code frames} array; none when it is absent or not an array. */
    public static List<Frame> top(JsonNode frames) {
        if (frames == null || !frames.isArray() || frames.isEmpty()) {
            return List.of();
        }
        List<Frame> all = new ArrayList<>();
        for (int i = frames.size() - 1; i >= 0; i--) {
            all.add(frame(frames.get(i)));
        }
        all.sort(Comparator.comparing(f -> !f.inApp())); // stable: keeps newest first within each group
        return List.copyOf(all.subList(0, Math.min(MAX_FRAMES, all.size())));
    }

    private static Frame frame(JsonNode f) {
        Integer lineno = integer(f.hasNonNull("lineNo") ? f.get("lineNo") : f.get("lineno"));
        Integer colno = integer(f.hasNonNull("colNo") ? f.get("colNo") : f.get("colno"));
        boolean inApp = f.path("inApp").asBoolean(f.path("in_app").asBoolean(false));
        String filename = firstNonNull(text(f.get("filename")), text(f.get("absPath")));
        String contextLine = text(f.get("context_line"));
        List<String> pre = lines(f.get("pre_context"), true);
        List<String> post = lines(f.get("post_context"), false);
        if (f.path("context").isArray() && !f.path("context").isEmpty()) {
            List<String> before = new ArrayList<>();
            List<String> after = new ArrayList<>();
            for (JsonNode pair : f.path("context")) {
                if (pair.isArray() && pair.size() == 2) {
                    int n = pair.get(0).asInt();
                    String line = text(pair.get(1));
                    line = line == null ? "" : line;
                    if (lineno != null && n == lineno) {
                        contextLine = line;
                    } else if (lineno != null && n < lineno) {
                        before.add(line);
                    } else {
                        after.add(line);
                    }
                }
            }
            pre = nearest(before, true);
            post = nearest(after, false);
        }
        return new Frame(filename, text(f.get("function")), text(f.get("module")), lineno, colno, inApp, contextLine,
                pre, post);
    }

    private static List<String> lines(JsonNode node, boolean before) {
        if (node == null || !node.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode line : node) {
            String text = text(line);
            out.add(text == null ? "" : text);
        }
        return nearest(out, before);
    }

    /** The lines nearest the frame's line: the last ones before it, the first ones after it. */
    private static List<String> nearest(List<String> lines, boolean before) {
        int from = before ? Math.max(0, lines.size() - MAX_CONTEXT_LINES) : 0;
        return List.copyOf(lines.subList(from, Math.min(lines.size(), from + MAX_CONTEXT_LINES)));
    }

    private static Integer integer(JsonNode node) {
        Long n = SentryPayloadParser.number(node);
        return n == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
    }
}
