package dev.sentrytriage.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.LogCapture;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.Webhooks;
import dev.sentrytriage.worker.DeliveryWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A failed insert and a failed incident change are logged with ids, resource, action and SQLState only: the database
 * refuses a row (a check constraint this test adds) whose payload carries an e-mail address, and neither the address
 * (as text or hex-encoded in a body) nor any other value of the row reaches a log line, at DEBUG either.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class LogPrivacyTest {

    private static final String ADDRESS = "alice.logcheck@example.com";
    private static final String HEX_ADDRESS = HexFormat.of().formatHex(ADDRESS.getBytes(StandardCharsets.UTF_8));

    @Inject
    Database db;

    @Inject
    DeliveryWorker worker;

    @AfterEach
    void dropConstraints() {
        db.update("alter table delivery drop constraint if exists log_privacy_refused");
        db.update("alter table incident drop constraint if exists log_privacy_refused");
        db.update("delete from delivery where convert_from(body, 'UTF8') like '%logcheck%'");
    }

    @Test
    void aRefusedInsertIsLoggedWithoutTheBodyOrItsValues() {
        db.update("alter table delivery add constraint log_privacy_refused "
                + "check (coalesce(action, '') <> 'refused-by-test') not valid");
        ObjectNode payload = issue("Crash for " + ADDRESS);
        payload.put("action", "refused-by-test");

        try (LogCapture log = LogCapture.start("dev.sentrytriage")) {
            // the inbox stores what the database refused as REJECTED without the refused values (HostileDeliveriesTest)
            Webhooks.post("issue", SentryFixtures.bytes(payload)).statusCode(400);

            assertLeaksNothing(log.lines());
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("was refused") && l.contains("SQLState 23514")),
                    log.lines().toString());
        }
    }

    @Test
    void aFailedIncidentChangeIsLoggedWithoutPayloadValues() {
        db.update("alter table incident add constraint log_privacy_refused "
                + "check (coalesce(title, '') not like '%logcheck%') not valid");
        Webhooks.post("issue", SentryFixtures.bytes(issue("Crash for " + ADDRESS))).statusCode(202);

        try (LogCapture log = LogCapture.start("dev.sentrytriage")) {
            assertEquals(0, worker.drain());

            assertLeaksNothing(log.lines());
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("processing failed") && l.contains("23514")),
                    log.lines().toString());
        }
    }

    private static ObjectNode issue(String title) {
        ObjectNode payload = SentryFixtures.tree("issue.created");
        ObjectNode issue = (ObjectNode) payload.path("data").path("issue");
        issue.put("id", "lp-" + UUID.randomUUID());
        issue.put("title", title);
        return payload;
    }

    private static void assertLeaksNothing(List<String> lines) {
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            assertFalse(line.contains("logcheck") || line.toLowerCase().contains(HEX_ADDRESS), "leaked: " + line);
            assertFalse(line.contains("Failing row") || line.contains("Detail:"), "bound values: " + line);
            assertFalse(line.contains("[org.hibernate.orm.jdbc.error]"), "the driver's message: " + line);
        }
    }
}
