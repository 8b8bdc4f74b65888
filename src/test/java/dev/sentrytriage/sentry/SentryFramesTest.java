package dev.sentrytriage.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.incident.Frame;

/** One reading of Sentry frames for the webhook's and the API's shapes; plain JUnit, no Quarkus. */
class SentryFramesTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void webhookFramesKeepTheirSourceLines() {
        ArrayNode frames = JSON.arrayNode();
        ObjectNode f = frames.addObject().put("filename", "app.py").put("function", "handle").put("lineno", 12)
                .put("colno", 3).put("in_app", true).put("context_line", "    boom()");
        ArrayNode pre = f.putArray("pre_context");
        for (int i = 1; i <= 7; i++) {
            pre.add("pre" + i);
        }
        f.putArray("post_context").add("post1").add("post2\u0000");
        Frame frame = SentryFrames.top(frames).get(0);
        assertEquals("app.py", frame.filename());
        assertEquals(12, frame.lineno());
        assertEquals(3, frame.colno());
        assertTrue(frame.inApp());
        assertEquals("    boom()", frame.contextLine());
        assertEquals(List.of("pre3", "pre4", "pre5", "pre6", "pre7"), frame.preContext(), "the nearest five");
        assertEquals(List.of("post1", "post2"), frame.postContext(), "cleaned as any stored text");
    }

    @Test
    void apiFramesSplitTheirContextPairsAroundTheLine() {
        ArrayNode frames = JSON.arrayNode();
        ObjectNode f = frames.addObject().put("absPath", "/srv/app.py").put("function", "handle").put("lineNo", 12)
                .put("colNo", 3).put("inApp", true);
        ArrayNode context = f.putArray("context");
        for (int n = 10; n <= 14; n++) {
            context.addArray().add(n).add("line" + n);
        }
        Frame frame = SentryFrames.top(frames).get(0);
        assertEquals("/srv/app.py", frame.filename(), "absPath when there is no filename");
        assertEquals(12, frame.lineno());
        assertEquals(3, frame.colno());
        assertTrue(frame.inApp());
        assertEquals("line12", frame.contextLine());
        assertEquals(List.of("line10", "line11"), frame.preContext());
        assertEquals(List.of("line13", "line14"), frame.postContext());
    }

    @Test
    void inAppFirstNewestFirstAtMostFiveInBothShapes() {
        for (String inApp : new String[] { "in_app", "inApp" }) {
            ArrayNode frames = JSON.arrayNode();
            for (int i = 0; i < 8; i++) { // Sentry order: oldest first
                frames.addObject().put("function", "f" + i).put(inApp, i == 1 || i == 4);
            }
            assertEquals(List.of("f4", "f1", "f7", "f6", "f5"),
                    SentryFrames.top(frames).stream().map(Frame::function).toList(), inApp);
        }
    }

    @Test
    void noArrayNoFrames() {
        assertEquals(List.of(), SentryFrames.top(null));
        assertEquals(List.of(), SentryFrames.top(JSON.objectNode()));
        assertEquals(List.of(), SentryFrames.top(JSON.arrayNode()));
    }
}
