package dev.sentrytriage.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.Incidents;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.Webhooks;
import dev.sentrytriage.worker.DeliveryWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class OperationsEndpointsTest {

    @Inject
    EntityManager em;

    @Inject
    DeliveryWorker worker;

    @Test
    void livenessAndReadinessAreUpWithTheDatabaseAndTheBacklog() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("delivery backlog"));
    }

    @Test
    void readinessReportsABacklogOlderThanTheThresholdWithoutGoingDown() {
        UUID stuck = insertPending(Instant.now().minus(2, ChronoUnit.HOURS));
        try {
            JsonPath ready = given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                    .extract().jsonPath();
            assertEquals("behind", ready.getString("checks.find { it.name == 'delivery backlog' }.data.state"));
            assertTrue(ready.getLong("checks.find { it.name == 'delivery backlog' }.data.oldestSeconds") >= 7200);
        } finally {
            delete(stuck);
        }
        long oldest = given().get("/q/health/ready").then().extract().jsonPath()
                .getLong("checks.find { it.name == 'delivery backlog' }.data.oldestSeconds");
        assertTrue(oldest < 7200, "oldest " + oldest);
    }

    @Test
    void countsDeliveriesByOutcomeAndTimesIntakeAndProcessing() {
        double badBefore = metric("triage_deliveries_total", "bad_signature");
        double acceptedBefore = metric("triage_deliveries_total", "accepted");
        double appliedBefore = metric("triage_processing_seconds_count", "applied");

        byte[] body = SentryFixtures.body("issue.assigned");
        Webhooks.post("issue", body, SentryFixtures.sign("x".getBytes(StandardCharsets.UTF_8))).statusCode(401);
        Incidents.postIssue("ops-" + UUID.randomUUID(), String.valueOf(System.nanoTime()), "error");
        worker.drain();

        assertEquals(badBefore + 1, metric("triage_deliveries_total", "bad_signature"));
        assertEquals(acceptedBefore + 1, metric("triage_deliveries_total", "accepted"));
        assertTrue(metric("triage_processing_seconds_count", "applied") >= appliedBefore + 1);
        assertTrue(metric("triage_intake_seconds_count", "accepted") >= 1);
        String all = metrics();
        for (String name : new String[] { "triage_deliveries_total{outcome=\"too_large\"}",
                "triage_deliveries_total{outcome=\"invalid\"}", "triage_deliveries_total{outcome=\"duplicate\"}",
                "triage_backlog_deliveries", "triage_backlog_age_seconds",
                "triage_intake_seconds_bucket{outcome=\"accepted\",le=\"0.025\"}",
                "triage_delivery_retries_total{outcome=\"retry\"}" }) {
            assertTrue(all.contains(name), "no " + name + " in /q/metrics");
        }
    }

    @Test
    void exportsTheBacklogGaugesAsFigures() {
        String all = metrics();
        for (String gauge : new String[] { "triage_backlog_deliveries", "triage_backlog_age_seconds" }) {
            Matcher m = Pattern.compile("(?m)^" + gauge + "(\\{[^}]*})? (\\S+)$").matcher(all);
            assertTrue(m.find(), "no " + gauge + " in /q/metrics");
            double value = Double.parseDouble(m.group(2));
            assertTrue(value >= 0, gauge + " is " + value + " (NaN: the backlog could not be read)");
        }
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double metric(String name, String outcome) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*outcome=\"" + outcome + "\"[^}]*} (\\S+)$")
                .matcher(metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Transactional
    UUID insertPending(Instant receivedAt) {
        UUID id = UUID.randomUUID();
        // due far in the future, so no test's drain picks it up meanwhile
        em.createNativeQuery("""
                insert into delivery (id, received_at, resource, digest, body, status, next_attempt_at)
                values (?1, ?2, 'issue', ?3, ?4, 'PENDING', ?5)""")
                .setParameter(1, id).setParameter(2, receivedAt)
                .setParameter(3, id.toString().getBytes(StandardCharsets.UTF_8))
                .setParameter(4, "{}".getBytes(StandardCharsets.UTF_8))
                .setParameter(5, Instant.now().plus(365, ChronoUnit.DAYS))
                .executeUpdate();
        return id;
    }

    @Transactional
    void delete(UUID id) {
        em.createNativeQuery("delete from delivery where id = ?1").setParameter(1, id).executeUpdate();
    }
}
