package dev.sentrytriage.api;

import static dev.sentrytriage.support.Incidents.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.Webhooks;
import dev.sentrytriage.worker.DeliveryWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class DeliveryResourceTest {

    @Inject
    DeliveryWorker worker;

    @Test
    void showsTheIncidentOfAProcessedDeliveryAndNoneForARejectedOne() {
        String project = "dl-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode tree = SentryFixtures.tree("issue.created");
        ObjectNode issue = (ObjectNode) tree.path("data").path("issue");
        issue.put("id", String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L)));
        ((ObjectNode) issue.path("project")).put("slug", project);
        String done = Webhooks.post("issue", SentryFixtures.bytes(tree)).statusCode(202).extract().path("deliveryId");
        String rejected = Webhooks.post("issue", ("not json " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
                .statusCode(400).extract().path("deliveryId");
        worker.drain();
        long incident = api().get("/api/incidents?project=" + project).then().statusCode(200).extract().jsonPath()
                .getLong("items[0].id");

        JsonPath one = api().get("/api/deliveries/{id}", done).then().statusCode(200)
                .body("status", equalTo("DONE")).extract().jsonPath();
        assertEquals(incident, (Object) longOrNull(one.get("incidentId")));
        api().get("/api/deliveries/{id}", rejected).then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("incidentId", nullValue());

        JsonPath list = api().get("/api/deliveries?limit=200").then().statusCode(200).extract().jsonPath();
        assertEquals(incident, (Object) longOrNull(list.get("items.find { it.id == '" + done + "' }.incidentId")));
        assertEquals(null, (Object) list.get("items.find { it.id == '" + rejected + "' }.incidentId"));
    }

    private static Long longOrNull(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    @Test
    void keepsRejectedDeliveriesForInspectionWithTheirExactBody() {
        byte[] body = ("not json " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String id = Webhooks.post("issue", body).statusCode(400).extract().path("deliveryId");

        List<String> rejected = api().get("/api/deliveries?status=rejected&limit=200").then().statusCode(200)
                .extract().path("items.id");
        assertTrue(rejected.contains(id), "rejected deliveries " + rejected + " lack " + id);

        api().get("/api/deliveries/{id}", id).then().statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("resource", equalTo("issue"))
                .body("lastError", equalTo("body is not a JSON object"))
                .body("bodyBytes", equalTo(body.length));
        byte[] stored = api().get("/api/deliveries/{id}/body", id).then().statusCode(200)
                .header("Cache-Control", "no-store").extract().asByteArray();
        assertArrayEquals(body, stored);
    }

    @Test
    void pagesDeliveriesWithACursor() {
        for (int i = 0; i < 3; i++) {
            Webhooks.post("issue", ("not json " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)).statusCode(400);
        }
        List<String> first = api().get("/api/deliveries?status=REJECTED&limit=3").then().statusCode(200)
                .extract().path("items.id");
        String cursor = api().get("/api/deliveries?status=REJECTED&limit=2").then().extract().path("nextCursor");
        List<String> second = api().get("/api/deliveries?status=REJECTED&limit=1&cursor=" + cursor).then()
                .statusCode(200).extract().path("items.id");
        assertTrue(second.size() == 1 && second.get(0).equals(first.get(2)), first + " then " + second);
    }

    @Test
    void neverShowsABodyWithoutTheToken() {
        byte[] body = ("not json " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String id = Webhooks.post("issue", body).statusCode(400).extract().path("deliveryId");
        String answer = given().get("/api/deliveries/{id}/body", id).then().statusCode(401).extract().asString();
        assertTrue(!answer.contains("not json"), answer);
    }

    @Test
    void answers404And400ForUnknownIdsAndBadFilters() {
        api().get("/api/deliveries/{id}", UUID.randomUUID()).then().statusCode(404);
        api().get("/api/deliveries/not-a-uuid/body").then().statusCode(404);
        api().get("/api/deliveries?status=LOST").then().statusCode(400)
                .body("error", equalTo("unknown status 'LOST'; expected one of PENDING, PROCESSING, DONE, IGNORED, "
                        + "REJECTED, FAILED"));
    }
}
