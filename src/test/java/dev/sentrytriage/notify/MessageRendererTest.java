package dev.sentrytriage.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.incident.Frame;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Recurrence;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.incident.TriageEvent;
import dev.sentrytriage.notify.TelegramRestClient.Button;

/** The message text itself: escaping, layout, buttons and the 4096 limit. Pure rendering, no server needed. */
class MessageRendererTest {

    private static final Pattern TAG = Pattern.compile("<(/?)([a-z]+)>");

    private final MessageRenderer renderer = new MessageRenderer(java.util.function.UnaryOperator.identity());

    @Test
    void escapesOutsideTextAndShowsEveryPart() {
        Incident i = incident("<script>alert(1)</script> & Co", List.of(frame("handle<T>", "app/a&b.py", 12)));
        i.rootCause = "x < y && y > z";
        i.fixSuggestion = "use <b>bold</b> checks";
        i.confidence = 0.82;
        i.analyzedBy = "heuristic";

        RenderedMessage m = renderer.render(i, new Recurrence(3, 14, 120));

        assertTrue(m.html().contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"), m.html());
        assertFalse(m.html().contains("<script>"));
        assertTrue(m.html().contains("x &lt; y &amp;&amp; y &gt; z"));
        assertTrue(m.html().contains("use &lt;b&gt;bold&lt;/b&gt; checks"), "AI output is text, never markup");
        assertTrue(m.html().contains("handle&lt;T&gt; (app/a&amp;b.py:12)"));
        assertTrue(m.html().contains("🔴 <b>CRITICAL</b> · fatal · <code>checkout</code>"), m.html());
        assertTrue(m.plain().contains("seen 3 in 1 h · 14 in 24 h · 120 in 7 d (42 total)"), m.plain());
        assertTrue(m.plain().contains("env production · release shop@1.4.2"));
        assertTrue(m.plain().contains("82% confidence, by heuristic"));
        assertTrue(m.plain().endsWith("incident #77 · SHOP-1A"), m.plain());
        assertWellFormed(m);
    }

    @Test
    void offersSentryLinkAndActionButtonsWithinSixtyFourBytes() {
        Incident i = incident("t", List.of());
        i.id = Long.MAX_VALUE;
        RenderedMessage m = renderer.render(i, new Recurrence(1, 1, 1));

        List<List<Button>> rows = m.keyboard();
        assertEquals("Open in Sentry", rows.get(0).get(0).text());
        assertEquals("https://sentry.example.com/organizations/acme/issues/1/", rows.get(0).get(0).url());
        List<String> data = rows.get(1).stream().map(Button::callbackData).toList();
        assertEquals(List.of("ack:" + Long.MAX_VALUE, "mute:" + Long.MAX_VALUE, "res:" + Long.MAX_VALUE), data);
        data.forEach(d -> assertTrue(d.getBytes(StandardCharsets.UTF_8).length <= 64));
        assertEquals(new CallbackAction.Press(CallbackAction.MUTE, Long.MAX_VALUE), CallbackAction.parse(data.get(1)));
    }

    @Test
    void dropsLinkButtonThatTelegramWouldRefuseAndOffersOnlyReopenOnAResolvedIncident() {
        Incident i = incident("t", List.of());
        i.sentryUrl = "javascript:alert(1)";
        i.status = IncidentStatus.RESOLVED;
        i.statusChangedBy = "@bob";
        i.statusChangedAt = Instant.parse("2026-11-23T10:15:30Z");
        RenderedMessage m = renderer.render(i, new Recurrence(1, 1, 1));
        assertEquals(List.of(List.of(Button.callback("↩️ Reopen", "reo:77"))), m.keyboard());
        assertTrue(m.plain().contains("✅ Resolved by @bob at 2026-11-23 10:15 UTC"), m.plain());
    }

    @Test
    void buttonsFollowTheStatus() {
        Incident i = incident("t", List.of());
        i.sentryUrl = null;
        i.status = IncidentStatus.OPEN;
        assertEquals(List.of("ack:77", "mute:77", "res:77"), data(renderer.render(i, new Recurrence(1, 1, 1))));
        i.status = IncidentStatus.ACKNOWLEDGED;
        assertEquals(List.of("ack:77", "mute:77", "res:77"), data(renderer.render(i, new Recurrence(1, 1, 1))));
        i.status = IncidentStatus.MUTED;
        assertEquals(List.of("ack:77", "unm:77", "res:77"), data(renderer.render(i, new Recurrence(1, 1, 1))));
        i.status = IncidentStatus.RESOLVED;
        assertEquals(List.of("reo:77"), data(renderer.render(i, new Recurrence(1, 1, 1))));
        for (String d : List.of("unm:77", "reo:77")) {
            assertEquals(77L, CallbackAction.parse(d).incidentId(), d);
        }
        assertEquals(CallbackAction.UNMUTE, CallbackAction.parse("unm:77").action());
        assertEquals(CallbackAction.REOPEN, CallbackAction.parse("reo:77").action());
    }

    @Test
    void muteButtonLabelNamesTheConfiguredDuration() {
        Incident i = incident("t", List.of());
        i.sentryUrl = null;
        assertEquals("🔕 Mute 1d", muteLabel(new MessageRenderer().render(i, new Recurrence(1, 1, 1))),
                "the default, 24h");
        assertEquals("🔕 Mute 4h", muteLabel(new MessageRenderer(java.time.Duration.ofHours(4))
                .render(i, new Recurrence(1, 1, 1))));
        assertEquals("🔕 Mute 30m", muteLabel(new MessageRenderer(java.time.Duration.ofMinutes(30))
                .render(i, new Recurrence(1, 1, 1))));
        assertEquals("🔕 Mute 1h30m", muteLabel(new MessageRenderer(java.time.Duration.ofMinutes(90))
                .render(i, new Recurrence(1, 1, 1))));
        assertEquals("🔕 Mute 7d", muteLabel(new MessageRenderer(java.time.Duration.ofDays(7))
                .render(i, new Recurrence(1, 1, 1))));
    }

    @Test
    void briefMessageLeadsWithOurLineAndKeepsTheButtons() {
        Incident i = incident("<b>not ours</b>", List.of());
        RenderedMessage m = renderer.brief(i, "⏰ Reminder: open for 2h, nobody has acted yet");
        assertTrue(m.html().startsWith("<b>⏰ Reminder: open for 2h, nobody has acted yet</b>\n🔴 <b>CRITICAL</b>"),
                m.html());
        assertTrue(m.html().contains("&lt;b&gt;not ours&lt;/b&gt;"), m.html());
        assertTrue(m.plain().endsWith("incident #77 · SHOP-1A"), m.plain());
        assertEquals(List.of("ack:77", "mute:77", "res:77"),
                m.keyboard().get(1).stream().map(Button::callbackData).toList());
        assertWellFormed(m);
    }

    @Test
    void ledMessageStaysWithinTheLimit() {
        Incident i = incident("&<>".repeat(20_000), List.of());
        RenderedMessage m = renderer.render(i, new Recurrence(1, 1, 1), List.of(), "⏫ Escalation: open for 8h");
        assertTrue(m.plain().startsWith("⏫ Escalation: open for 8h\n"), m.plain());
        assertWellFormed(m);
    }

    private static List<String> data(RenderedMessage m) {
        return m.keyboard().get(m.keyboard().size() - 1).stream().map(Button::callbackData).toList();
    }

    private static String muteLabel(RenderedMessage m) {
        return m.keyboard().get(m.keyboard().size() - 1).stream().filter(b -> b.callbackData().startsWith("mute:"))
                .findFirst().orElseThrow().text();
    }

    @Test
    void hugeTitleStaysWithinTheLimit() {
        Incident i = incident("&<>".repeat(20_000), List.of());
        RenderedMessage m = renderer.render(i, new Recurrence(1, 1, 1));
        assertWellFormed(m);
        assertTrue(m.plain().contains("&<>&<>"), "the title is shortened, not dropped");
        assertTrue(m.plain().endsWith("incident #77 · SHOP-1A"));
    }

    @Test
    void longStackTraceIsTrimmedBeforeTheAnalysis() {
        List<Frame> frames = IntStream.range(0, 40)
                .mapToObj(n -> frame("f" + n + "_" + "x".repeat(300), "deep/module_" + n + ".py", n)).toList();
        Incident i = incident("Stack overflow", frames);
        i.rootCause = "R".repeat(1900);
        i.fixSuggestion = "F".repeat(1900);
        RenderedMessage m = renderer.render(i, new Recurrence(1, 1, 1));

        assertWellFormed(m);
        assertTrue(m.plain().contains("R".repeat(1900)), "analysis kept whole while frames can go");
        assertTrue(m.plain().contains("F".repeat(1900)));
        assertFalse(m.plain().contains("f4_"), "only the frames that fit are kept");
    }

    @Test
    void analysisIsShortenedWhenFramesAreNotEnough() {
        Incident i = incident("T".repeat(600), List.of(frame("f", "a.py", 1)));
        i.culprit = "C".repeat(600);
        i.rootCause = "&".repeat(5000);
        i.fixSuggestion = "<".repeat(5000);
        RenderedMessage m = renderer.render(i, new Recurrence(1, 1, 1));

        assertWellFormed(m);
        assertFalse(m.plain().contains("Stack"), "frames go first");
        assertTrue(m.plain().contains("Root cause: &&&"));
        assertTrue(m.plain().contains("Fix: <<<"));
        assertTrue(m.plain().contains("…"));
        assertTrue(HtmlText.codePoints(m.plain()) > 3900, "the analysis fills what is left");
    }

    @Test
    void emojiAndMultiByteTextAreNeverSplit() {
        String emoji = "🔥💥🧨"; // outside the BMP: two UTF-16 units each
        List<Frame> frames = IntStream.range(0, 5).map(n -> n)
                .mapToObj(n -> frame("函数_" + emoji.repeat(60), "モジュール.py", n)).toList();
        Incident i = incident("Ошибка ✓ " + emoji.repeat(500), frames);
        i.rootCause = "原因 " + emoji.repeat(2000);
        i.fixSuggestion = "修正 ü é ß " + emoji.repeat(2000);
        RenderedMessage m = renderer.render(i, new Recurrence(1, 1, 1));

        assertWellFormed(m);
        for (String text : List.of(m.plain(), m.html())) {
            for (int k = 0; k < text.length(); k++) {
                char c = text.charAt(k);
                if (Character.isHighSurrogate(c)) {
                    assertTrue(k + 1 < text.length() && Character.isLowSurrogate(text.charAt(k + 1)), "split pair at " + k);
                    k++;
                } else {
                    assertFalse(Character.isLowSurrogate(c), "lone low surrogate at " + k);
                }
            }
        }
    }

    @Test
    void shortenCutsOnCodePointsAndMarksTheCut() {
        assertEquals("ab…", HtmlText.shorten("abcdef", 3));
        assertEquals("a…", HtmlText.shorten("a🔥bc", 3), "never half an emoji");
        assertEquals("abc", HtmlText.shorten("abc", 3));
    }

    /**
     * Telegram's view of the message: only our own tags, properly nested; every {@code &} starts a whole entity; the
     * visible text equals the plain rendering and has at most 4096 code points (and UTF-16 units).
     */
    static void assertWellFormed(RenderedMessage m) {
        String html = m.html();
        Deque<String> open = new ArrayDeque<>();
        Matcher tags = TAG.matcher(html);
        StringBuilder visible = new StringBuilder();
        int last = 0;
        while (tags.find()) {
            visible.append(html, last, tags.start());
            last = tags.end();
            String name = tags.group(2);
            assertTrue(List.of("b", "code", "pre").contains(name), "unexpected tag " + name);
            if (tags.group(1).isEmpty()) {
                open.push(name);
            } else {
                assertEquals(name, open.poll(), "unbalanced tag");
            }
        }
        visible.append(html.substring(last));
        assertTrue(open.isEmpty(), "unclosed tags " + open);
        String text = visible.toString();
        assertFalse(text.contains("<") || text.contains(">"), "a tag was cut in half");
        Matcher amp = Pattern.compile("&(?!amp;|lt;|gt;)").matcher(text);
        assertFalse(amp.find(), "an entity was cut in half");
        String unescaped = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        assertEquals(m.plain(), unescaped);
        assertTrue(HtmlText.codePoints(unescaped) <= MessageRenderer.MAX_VISIBLE, "code points " + HtmlText.codePoints(unescaped));
        assertTrue(unescaped.length() <= MessageRenderer.MAX_VISIBLE, "UTF-16 units " + unescaped.length());
    }

    private static Incident incident(String title, List<Frame> frames) {
        Incident i = new Incident();
        i.id = 77L;
        i.project = "checkout";
        i.title = title;
        i.culprit = "app.checkout in charge";
        i.level = "fatal";
        i.risk = Risk.CRITICAL;
        i.status = IncidentStatus.OPEN;
        i.environment = "production";
        i.release = "shop@1.4.2";
        i.occurrences = 42;
        i.shortId = "SHOP-1A";
        i.sentryUrl = "https://sentry.example.com/organizations/acme/issues/1/";
        i.context = context(frames);
        return i;
    }

    private static IssueContext context(List<Frame> frames) {
        return IssueContext.builder("sentry", "checkout", "1").resource("event_alert").action("triggered")
                .event(TriageEvent.OCCURRENCE).title("t").level("fatal").frames(frames).build();
    }

    private static Frame frame(String function, String file, int line) {
        return new Frame(file, function, null, line, null, true, null, List.of(), List.of());
    }
}
