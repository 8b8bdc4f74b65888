package dev.sentrytriage.it;

import static dev.sentrytriage.support.Incidents.api;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.Incidents;
import dev.sentrytriage.support.PackagedServiceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged service in its prod profile, worker running: a signed webhook becomes an incident in the API. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedServiceResource.class, restrictToAnnotatedClass = true)
class IntakeToApiIT {

    @Test
    void signedIssueBecomesAnIncidentAnOperatorCanResolve() {
        String project = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Incidents.postIssue(project, "4711" + System.nanoTime() % 100_000, "fatal");

        // the worker runs in the packaged service: no drain here, wait until the incident appears
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> api().get("/api/incidents?project=" + project)
                .then().statusCode(200).body("items", hasSize(1)));
        int id = api().get("/api/incidents?project=" + project).then()
                .body("items[0].risk", equalTo("CRITICAL"))
                .body("items[0].status", equalTo("OPEN"))
                .body("items[0].occurrences", equalTo(1))
                .extract().path("items[0].id");

        api().post("/api/incidents/{id}/resolve", id).then().statusCode(200)
                .body("incident.status", equalTo("RESOLVED"));
        api().get("/api/incidents/{id}", id).then().statusCode(200).body("status", equalTo("RESOLVED"));
        given().get("/api/incidents/{id}", id).then().statusCode(401);
    }

    @Test
    void servesHealthMetricsAndApiDocs() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("triage_deliveries_total"));
        given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .body("info.title", equalTo("sentry-triage"));
    }
}
