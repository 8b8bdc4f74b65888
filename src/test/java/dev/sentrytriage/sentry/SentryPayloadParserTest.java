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

import dev.sentrytriage.support.SentryFixtures;

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
}
