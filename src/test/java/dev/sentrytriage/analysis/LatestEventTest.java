package dev.sentrytriage.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.analysis.SentryApiRestClient.LatestEvent;
import dev.sentrytriage.incident.IssueContext;

/** Sentry's latest event as its API answers it, read into {@link LatestEvent} and merged into an issue's context. */
class LatestEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static IssueContext issue() {
        return IssueContext.builder(IssueContext.SOURCE_ISSUE, "shop", "42").title("TypeError").build();
    }

    @Test
    void completesTheContextFromTheEvent() throws Exception {
        IssueContext c = SentryApiClient.merge(issue(),
                JSON.readValue(SentryEvents.latestEvent("42"), LatestEvent.class));
        assertEquals("TypeError", c.exceptionType());
        assertEquals("renderCheckout", c.frames().get(0).function(), "the in-app frame first");
        assertEquals("production", c.environment());
        assertEquals("shop@1.4.2", c.release());
        assertEquals("javascript", c.platform());
        assertEquals("renderCheckout(src/checkout/cart)", c.culprit());
        assertEquals("9999aaafcc8b46d797c23c6077c6ff01", c.eventId());
        assertNull(c.message(), "a blank message is no message");
    }

    @Test
    void readsAnEventWhoseOtherEntriesHaveOtherShapes() throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(SentryEvents.latestEvent("42"));
        ArrayNode entries = (ArrayNode) event.get("entries");
        entries.insertObject(0).put("type", "spans").putArray("data").addObject().put("op", "db.sql.query");
        entries.addObject().put("type", "breadcrumbs").putObject("data").putArray("values").addObject()
                .put("type", "http").putObject("data").put("status_code", 500);
        entries.addObject().put("type", "message").putObject("data").put("formatted", "Checkout failed");
        IssueContext c = SentryApiClient.merge(issue(), JSON.readValue(JSON.writeValueAsString(event), LatestEvent.class));
        assertEquals("renderCheckout", c.frames().get(0).function());
        assertEquals("Checkout failed", c.message());
    }
}
