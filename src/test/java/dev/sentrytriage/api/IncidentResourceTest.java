package dev.sentrytriage.api;

import static dev.sentrytriage.support.Incidents.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

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
class IncidentResourceTest {

    @Inject
    DeliveryWorker worker;

    @Test
    void listsNewestFirstAndFiltersByProjectRiskAndStatus() {
        String project = project();
        Incidents.postIssue(project, issueId(), "error");
        Incidents.postIssue(project, issueId(), "warning");
        Incidents.postIssue(project, issueId(), "fatal");
        Incidents.postIssue(project(), issueId(), "fatal"); // another project, never listed below
        worker.drain();

        JsonPath all = list("project=" + project);
        assertEquals(List.of("CRITICAL", "MEDIUM", "HIGH"), all.getList("items.risk"));
        assertNull(all.get("nextCursor"));

        assertEquals(List.of("CRITICAL", "HIGH"), list("project=" + project + "&risk=high,critical").getList("items.risk"));
        assertEquals(3, list("project=" + project + "&status=OPEN").getList("items").size());

        long resolved = all.getLong("items[1].id");
        api().post("/api/incidents/{id}/resolve", resolved).then().statusCode(200);
        assertEquals(List.of((int) resolved), list("project=" + project + "&status=RESOLVED").getList("items.id"));
        assertEquals(2, list("project=" + project + "&status=open&status=acknowledged").getList("items").size());
    }

    @Test
    void pagesWithCursorWithoutGapsOrRepeats() {
        String project = project();
        for (int i = 0; i < 5; i++) {
            Incidents.postIssue(project, issueId(), "error");
        }
        worker.drain();
        List<Integer> expected = list("project=" + project).getList("items.id");
        assertEquals(5, expected.size());

        List<Integer> paged = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = list("project=" + project + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            sizes.add(page.getList("items").size());
            paged.addAll(page.getList("items.id"));
            cursor = page.get("nextCursor");
        } while (cursor != null);
        assertEquals(List.of(2, 2, 1), sizes);
        assertEquals(expected, paged);
    }

    @Test
    void showsOneIncidentWithTheContractFields() {
        String project = project();
        String issueId = issueId();
        Incidents.postIssue(project, issueId, "error");
        worker.drain();
        long id = list("project=" + project).getLong("items[0].id");

        api().get("/api/incidents/{id}", id).then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("source", equalTo("sentry"))
                .body("project", equalTo(project))
                .body("issueId", equalTo(issueId))
                .body("shortId", equalTo("FRONT-END-9"))
                .body("title", equalTo("ReferenceError: blooopy is not defined"))
                .body("level", equalTo("error"))
                .body("risk", equalTo("HIGH"))
                .body("status", equalTo("OPEN"))
                .body("occurrences", equalTo(1))
                .body("counts.lastHour", equalTo(1))
                .body("counts.lastWeek", equalTo(1))
                .body("firstSeen", notNullValue())
                .body("lastSeen", notNullValue())
                .body("links.sentry", containsString(issueId))
                .body("analysis", nullValue());
    }

    @Test
    void servesOnlyHttpLinks() {
        String project = project();
        ObjectNode tree = SentryFixtures.tree("issue.created");
        ObjectNode issue = (ObjectNode) tree.path("data").path("issue");
        issue.put("id", issueId());
        issue.put("permalink", "javascript:alert(1)");
        ((ObjectNode) issue.path("project")).put("slug", project);
        Webhooks.post("issue", SentryFixtures.bytes(tree)).statusCode(202);
        worker.drain();
        long id = list("project=" + project).getLong("items[0].id");

        api().get("/api/incidents/{id}", id).then().statusCode(200).body("links.sentry", nullValue());
        assertNull(list("project=" + project).get("items[0].links.sentry"));
    }

    @Test
    void actsThroughTheIncidentLifecycle() {
        String project = project();
        Incidents.postIssue(project, issueId(), "error");
        worker.drain();
        long id = list("project=" + project).getLong("items[0].id");

        action(id, "acknowledge").body("changed", equalTo(true)).body("incident.status", equalTo("ACKNOWLEDGED"))
                .body("incident.statusChangedBy", equalTo("api"));
        action(id, "acknowledge").body("changed", equalTo(false));

        Instant before = Instant.now();
        String mutedUntil = api().contentType("application/json").body("{\"duration\":\"2h\"}")
                .post("/api/incidents/{id}/mute", id).then().statusCode(200)
                .body("incident.status", equalTo("MUTED")).extract().path("incident.mutedUntil");
        Duration muted = Duration.between(before, Instant.parse(mutedUntil));
        assertTrue(muted.compareTo(Duration.ofMinutes(119)) > 0 && muted.compareTo(Duration.ofMinutes(121)) < 0,
                "muted for " + muted);

        action(id, "resolve").body("incident.status", equalTo("RESOLVED")).body("incident.mutedUntil", nullValue());
        api().post("/api/incidents/{id}/acknowledge", id).then().statusCode(409)
                .body("error", containsString("reopen it first"));
        action(id, "reopen").body("changed", equalTo(true)).body("incident.status", equalTo("OPEN"));
    }

    @Test
    void answers404ForUnknownIncidents() {
        api().get("/api/incidents/{id}", Long.MAX_VALUE).then().statusCode(404)
                .body("error", equalTo("incident " + Long.MAX_VALUE + " not found"));
        api().post("/api/incidents/{id}/resolve", Long.MAX_VALUE).then().statusCode(404);
    }

    @Test
    void answers400WithAClearMessageForBadFiltersAndDurations() {
        api().get("/api/incidents?status=CLOSED").then().statusCode(400)
                .body("error", equalTo("unknown status 'CLOSED'; expected one of OPEN, ACKNOWLEDGED, MUTED, RESOLVED"));
        api().get("/api/incidents?risk=urgent").then().statusCode(400).body("error", containsString("unknown risk"));
        api().get("/api/incidents?limit=0").then().statusCode(400).body("error", containsString("limit"));
        api().get("/api/incidents?cursor=not-a-cursor").then().statusCode(400).body("error", containsString("cursor"));

        String project = project();
        Incidents.postIssue(project, issueId(), "error");
        worker.drain();
        long id = list("project=" + project).getLong("items[0].id");
        for (String bad : List.of("soon", "0m", "-PT1H", "400d", "")) {
            api().contentType("application/json").body("{\"duration\":\"" + bad + "\"}")
                    .post("/api/incidents/{id}/mute", id).then().statusCode(400)
                    .body("error", containsString("duration"));
        }
        api().get("/api/incidents/{id}", id).then().body("status", equalTo("OPEN"));
    }

    @Test
    void refusesRequestsWithoutTheRightToken() {
        given().get("/api/incidents").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("error", equalTo("bearer token required"));
        given().header("Authorization", "Bearer test-api-token-wrong").get("/api/incidents").then().statusCode(401)
                .body("error", equalTo("invalid token"));
        given().header("Authorization", "Basic dGVzdC1hcGktdG9rZW4=").get("/api/incidents").then().statusCode(401);
        given().header("Authorization", "Bearer test-api-token-wrong").post("/api/incidents/1/resolve").then()
                .statusCode(401);
        given().header("Authorization", "bearer " + Incidents.API_TOKEN).get("/api/incidents").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse action(long id, String action) {
        return api().post("/api/incidents/{id}/" + action, id).then().statusCode(200);
    }

    private static JsonPath list(String query) {
        return api().get("/api/incidents?" + query).then().statusCode(200).extract().jsonPath();
    }

    private static String project() {
        return "api-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String issueId() {
        return String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L));
    }
}
