package dev.sentrytriage.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.incident.Frame;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.TriageEvent;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.text.StoredText;

class SentryPayloadParserTest {

    private final SentryPayloadParser parser = new SentryPayloadParser(URI.create("https://acme.sentry.io/"));

    @Test
    void errorFixtureGivesTheFullContext() {
        IssueContext ctx = parser.parse(SentryResource.ERROR, SentryFixtures.tree("error.created"));
        assertEquals("1170820242", ctx.issueId());
        assertEquals("front-end", ctx.project(), "slug taken from the event's API url");
        assertEquals(TriageEvent.OCCURRENCE, ctx.event());
        assertEquals("ReferenceError", ctx.exceptionType());
        assertEquals("blooopy is not defined", ctx.exceptionValue());
        assertEquals("2019-08-19T20:58:37.391Z", ctx.lastSeen().toString());
        assertEquals("ip:162.217.75.90", ctx.tag("user"));
        assertEquals(1, ctx.frames().size());
        Frame frame = ctx.frames().get(0);
        assertEquals("/runner", frame.filename());
        assertEquals(3, frame.lineno());
        assertEquals(List.of("<!doctype html>", "<html>"), frame.preContext());
        assertEquals("bb78c1407cea4519aa397afc059c793d", ctx.eventId());
    }

    @Test
    void issueFixtureWithoutLinkFallsBackToConfiguredSentry() {
        IssueContext ctx = parser.parse(SentryResource.ISSUE, SentryFixtures.tree("issue.created"));
        assertEquals("https://acme.sentry.io/issues/1170820242/", ctx.sentryUrl());
        assertEquals(1L, ctx.count());
        assertFalse(ctx.hasFrames(), "issue webhooks carry no stack trace");
    }

    @Test
    void idsAndCountsMayBeNumbersAndFieldsMayBeMissing() {
        ObjectNode tree = SentryFixtures.tree("issue.created");
        ObjectNode issue = (ObjectNode) tree.at("/data/issue");
        issue.put("id", 42).put("count", 1234).remove(List.of("title", "level", "project", "firstSeen"));
        IssueContext ctx = parser.parse(SentryResource.ISSUE, tree);
        assertEquals("42", ctx.issueId());
        assertEquals(1234L, ctx.count());
        assertEquals("ReferenceError: blooopy is not defined", ctx.title(), "title rebuilt from metadata");
        assertNull(ctx.level());
        assertEquals("unknown", ctx.project());
        assertNull(ctx.firstSeen());
    }

    @Test
    void inAppFramesComeFirstNewestFirstAtMostFive() {
        ArrayNode frames = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 8; i++) { // Sentry order: oldest first
            frames.addObject().put("function", "f" + i).put("in_app", i == 1 || i == 4).put("lineno", i);
        }
        List<Frame> top = SentryPayloadParser.topFrames(frames);
        assertEquals(List.of("f4", "f1", "f7", "f6", "f5"), top.stream().map(Frame::function).toList());
        assertTrue(top.get(0).inApp());
    }

    @Test
    void metricAlertUsesItsRuleAndDescription() {
        IssueContext ctx = parser.parse(SentryResource.METRIC_ALERT, SentryFixtures.tree("metric_alert.resolved"));
        assertEquals(IssueContext.SOURCE_METRIC_ALERT, ctx.source());
        assertEquals(TriageEvent.RESOLVED, ctx.event());
        assertEquals("4", ctx.issueId());
        assertEquals("bar", ctx.project());
        assertEquals("1000 events in the last 10 minutes\nFilter: level:error", ctx.message());
        assertEquals("Too many errors", ctx.triggeredRule());
    }

    @Test
    void stripsNulAndLoneSurrogatesFromEveryText() {
        ObjectNode tree = SentryFixtures.tree("issue.created");
        tree.put("action", "created\u0000");
        ObjectNode issue = (ObjectNode) tree.at("/data/issue");
        issue.put("id", "4\u00002").put("title", "a\u0000b\ud800").put("culprit", "\udc00c\uD83D\uDE00");
        IssueContext ctx = parser.parse(SentryResource.ISSUE, tree);
        assertEquals("created", ctx.action());
        assertEquals(TriageEvent.OCCURRENCE, ctx.event());
        assertEquals("42", ctx.issueId());
        assertEquals("ab", ctx.title());
        assertEquals("c\uD83D\uDE00", ctx.culprit(), "a valid surrogate pair is kept");
    }

    @Test
    void dropsTimestampsPostgresCannotHold() {
        ObjectNode tree = SentryFixtures.tree("issue.ignored");
        ObjectNode issue = (ObjectNode) tree.at("/data/issue");
        issue.put("firstSeen", -1e15).put("lastSeen", "+999999-01-01T00:00:00Z");
        ((ObjectNode) issue.path("statusDetails")).put("ignoreUntil", "+999999-01-01T00:00:00Z");
        IssueContext ctx = parser.parse(SentryResource.ISSUE, tree);
        assertNull(ctx.firstSeen());
        assertNull(ctx.lastSeen());
        assertNull(ctx.mutedUntil(), "muted with no end, as Sentry meant");

        ObjectNode event = SentryFixtures.tree("event_alert.triggered");
        ((ObjectNode) event.at("/data/event")).put("datetime", "+999999-01-01T00:00:00Z").put("timestamp", 1e300);
        assertNull(parser.parse(SentryResource.EVENT_ALERT, event).lastSeen());
    }

    @Test
    void capsEveryTextField() {
        ObjectNode tree = SentryFixtures.tree("event_alert.triggered");
        ObjectNode ev = (ObjectNode) tree.at("/data/event");
        String huge = "x".repeat(300_000);
        ev.put("title", huge).put("culprit", huge).put("message", huge).put("environment", huge);
        ArrayNode tags = ev.putArray("tags");
        for (int i = 0; i < 500; i++) {
            tags.addArray().add("k" + i + huge).add(huge);
        }
        IssueContext ctx = parser.parse(SentryResource.EVENT_ALERT, tree);
        assertEquals(StoredText.MAX_TEXT, ctx.title().length());
        assertTrue(ctx.title().endsWith("…"), "the cut is marked");
        assertEquals(StoredText.MAX_TEXT, ctx.culprit().length());
        assertEquals(StoredText.MAX_LONG, ctx.message().length());
        assertEquals(StoredText.MAX_SHORT, ctx.environment().length());
        assertEquals(StoredText.MAX_TAGS, ctx.tags().size());
        assertEquals(StoredText.MAX_SHORT, ctx.tags().get(0).key().length());
    }

    @Test
    void hashesOverLongIssueIdsAndProjects() {
        ObjectNode tree = SentryFixtures.tree("issue.created");
        ObjectNode issue = (ObjectNode) tree.at("/data/issue");
        issue.put("id", "7".repeat(5000));
        ((ObjectNode) issue.path("project")).put("slug", "p".repeat(6000));
        IssueContext ctx = parser.parse(SentryResource.ISSUE, tree);
        assertTrue(ctx.issueId().length() <= StoredText.MAX_KEY);
        assertTrue(ctx.issueId().matches("7+~[0-9a-f]{64}"), ctx.issueId());
        assertTrue(ctx.project().matches("p+~[0-9a-f]{64}"), ctx.project());

        issue.put("id", "7".repeat(4999) + "8");
        String other = parser.parse(SentryResource.ISSUE, tree).issueId();
        assertFalse(other.equals(ctx.issueId()), "ids that differ only past the prefix stay apart");
        issue.put("id", "7".repeat(5000));
        assertEquals(ctx.issueId(), parser.parse(SentryResource.ISSUE, tree).issueId(), "the same id, the same key");
        issue.put("id", "7".repeat(StoredText.MAX_KEY));
        assertEquals("7".repeat(StoredText.MAX_KEY), parser.parse(SentryResource.ISSUE, tree).issueId());
    }

    @Test
    void hugeNumbersAreClampedNotWrapped() {
        ObjectNode tree = SentryFixtures.tree("issue.created");
        ObjectNode issue = (ObjectNode) tree.at("/data/issue");
        issue.put("count", "1e999999999").put("userCount", "-1e999999999");
        IssueContext ctx = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> parser.parse(SentryResource.ISSUE, tree));
        assertEquals(Long.MAX_VALUE, ctx.count());
        assertEquals(Long.MIN_VALUE, ctx.userCount());
        issue.put("count", "1e-999999999").put("userCount", new java.math.BigDecimal("9223372036854775808"));
        ctx = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> parser.parse(SentryResource.ISSUE, tree));
        assertEquals(0L, ctx.count());
        assertEquals(Long.MAX_VALUE, ctx.userCount());
    }
}
