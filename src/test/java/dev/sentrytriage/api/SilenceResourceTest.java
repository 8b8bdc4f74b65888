package dev.sentrytriage.api;

import static dev.sentrytriage.support.Incidents.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class SilenceResourceTest {

    @Inject
    Database db;

    private static String later(Duration d) {
        return Instant.now().plus(d).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String silence(String matchers, String times) {
        return "{\"matchers\":" + matchers + "," + times + ",\"comment\":\"db migration\"}";
    }

    @Test
    void createsAStoredSilenceByTheApiAndListsAndExpiresIt() {
        String project = "silenced-" + UUID.randomUUID();
        String endsAt = later(Duration.ofHours(2));
        JsonPath created = api().contentType(ContentType.JSON)
                .body(silence("[{\"field\":\"project\",\"op\":\"=\",\"value\":\"" + project + "\"},"
                        + "{\"field\":\"title\",\"op\":\"=~\",\"value\":\"Timeout.*\"}]", "\"endsAt\":\"" + endsAt + "\""))
                .post("/api/silences").then().statusCode(201)
                .header("Location", matchesPattern(".*/api/silences/[0-9a-f-]{36}"))
                .body("createdBy", equalTo("api")).body("state", equalTo("active")).body("silencingNow", equalTo(true))
                .body("endsAt", equalTo(endsAt)).body("comment", equalTo("db migration"))
                .body("recurrence", nullValue())
                .extract().jsonPath();
        String id = created.getString("id");
        assertEquals(List.of(Map.of("field", "project", "op", "=", "value", project),
                Map.of("field", "title", "op", "=~", "value", "Timeout.*")), created.getList("matchers"));
        assertEquals(1, db.count("select count(*) from silence where id = cast(?1 as uuid) and created_by = 'api'", id));

        assertTrue(ids("active").contains(id));
        assertTrue(!ids("expired").contains(id));

        api().delete("/api/silences/{id}", id).then().statusCode(204);
        assertTrue(ids("expired").contains(id));
        assertTrue(!ids("active").contains(id));
        api().delete("/api/silences/{id}", id).then().statusCode(204); // expiring again changes nothing
    }

    @Test
    void aPendingSilenceIsListedAsPendingAndExpiringItMeansItNeverStarts() {
        String id = api().contentType(ContentType.JSON)
                .body(silence("[{\"field\":\"level\",\"op\":\"=\",\"value\":\"pending-test\"}]",
                        "\"startsAt\":\"" + later(Duration.ofDays(1)) + "\",\"endsAt\":\"" + later(Duration.ofDays(2)) + "\""))
                .post("/api/silences").then().statusCode(201).body("state", equalTo("pending"))
                .body("silencingNow", equalTo(false)).extract().path("id");
        assertTrue(ids("pending").contains(id));
        api().delete("/api/silences/{id}", id).then().statusCode(204);
        assertTrue(ids("expired").contains(id));
    }

    @Test
    void aMaintenanceWindowThroughTheApiHasARecurrenceAndNoEnd() {
        api().contentType(ContentType.JSON).body("{\"matchers\":[{\"field\":\"project\",\"op\":\"=\",\"value\":\"billing-x\"}],"
                + "\"recurrence\":{\"days\":[\"MON-FRI\"],\"start\":\"01:00\",\"duration\":\"PT2H\",\"timeZone\":\"Europe/Berlin\"}}")
                .post("/api/silences").then().statusCode(201)
                .body("endsAt", nullValue()).body("state", equalTo("active"))
                .body("recurrence.days", equalTo(List.of("MON", "TUE", "WED", "THU", "FRI")))
                .body("recurrence.start", equalTo("01:00")).body("recurrence.duration", equalTo("PT2H"))
                .body("recurrence.timeZone", equalTo("Europe/Berlin"));
    }

    @Test
    void listsTheConfiguredWindowWhichTheApiCannotExpire() {
        JsonPath all = api().get("/api/silences").then().statusCode(200).extract().jsonPath();
        Map<String, Object> window = all.getMap("items.find { it.id == 'maintenance:always-test' }");
        assertEquals("config", window.get("createdBy"));
        assertEquals(true, window.get("silencingNow"));
        api().delete("/api/silences/maintenance:always-test").then().statusCode(409)
                .body("error", equalTo("this window is defined in TRIAGE_MAINTENANCE; remove it there and restart"));
    }

    @Test
    void refusesWhatCannotBeASilenceWithAClearMessageAndStoresNothing() {
        long before = db.count("select count(*) from silence");
        String ends = "\"endsAt\":\"" + later(Duration.ofHours(1)) + "\"";
        String title = "[{\"field\":\"title\",\"op\":\"=~\",\"value\":\"x\"}]";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(silence("[{\"field\":\"message\",\"op\":\"=\",\"value\":\"x\"}]", ends),
                "matcher field 'message' is not one of project, environment, source, level, risk, title, culprit");
        cases.put(silence("[{\"field\":\"title\",\"op\":\"==\",\"value\":\"x\"}]", ends),
                "matcher op '==' of title is not one of =, !=, =~, !~");
        cases.put(silence("[{\"field\":\"title\",\"op\":\"=~\",\"value\":\"Timeout(\"}]", ends),
                "matcher of title: 'Timeout(' is not a valid RE2 pattern (missing closing ))");
        cases.put(silence("[{\"field\":\"risk\",\"op\":\"=\",\"value\":\"urgent\"}]", ends),
                "risk 'urgent' is not one of LOW, MEDIUM, HIGH, CRITICAL");
        cases.put(silence("[{\"field\":\"title\",\"op\":\"=\"}]", ends), "matcher of title has no value");
        cases.put(silence("[]", ends), "matchers must hold 1 to 20 conditions, e.g. "
                + "[{\"field\":\"title\",\"op\":\"=~\",\"value\":\"Timeout.*\"}]");
        cases.put("{\"matchers\":" + title + "}", "endsAt is required (ISO-8601, e.g. 2026-03-29T03:00:00Z), unless a "
                + "recurrence makes this a maintenance window");
        cases.put(silence(title, "\"endsAt\":\"tomorrow\""),
                "endsAt 'tomorrow' is not an ISO-8601 time such as 2026-03-29T01:00:00Z");
        cases.put(silence(title, "\"startsAt\":\"" + later(Duration.ofHours(3)) + "\"," + ends),
                "endsAt must be after startsAt");
        cases.put(silence(title, "\"startsAt\":\"2020-01-01T00:00:00Z\",\"endsAt\":\"2020-01-02T00:00:00Z\""),
                "endsAt is in the past: this silence would never hold anything");
        cases.put("{\"matchers\":" + title + ",\"recurrence\":{\"days\":[\"MOO\"],\"start\":\"01:00\",\"duration\":\"2h\"}}",
                "day 'MOO' is not a day of the week; use MON, TUE, WED, THU, FRI, SAT, SUN or a range such as MON-FRI");
        cases.put("{\"matchers\":" + title + ",\"recurrence\":{\"days\":[\"MON\"],\"start\":\"01:00\",\"duration\":\"2h\","
                + "\"timeZone\":\"Mars/Base\"}}", "time zone 'Mars/Base' is not a zone id; use e.g. Europe/Berlin or UTC");
        cases.put("{\"matchers\":" + title + ",\"recurrence\":{\"days\":[\"MON\"],\"start\":\"1am\",\"duration\":\"2h\"}}",
                "start '1am' is not a time of day; use HH:mm, e.g. 01:00");
        cases.put("{\"matchers\":" + title + ",\"recurrence\":{\"days\":[\"MON\"],\"start\":\"01:00\",\"duration\":\"9d\"}}",
                "duration must be positive and at most 7 days");
        cases.forEach((body, error) -> api().contentType(ContentType.JSON).body(body).post("/api/silences").then()
                .statusCode(400).contentType(ContentType.JSON).body("error", equalTo(error)));
        for (String body : List.of("[1,2]", "not json", "{\"matchers\":", "{\"matchers\":[null]}", "\"x\"")) {
            api().contentType(ContentType.JSON).body(body).post("/api/silences").then().statusCode(400)
                    .contentType(ContentType.JSON).body("error", org.hamcrest.Matchers.notNullValue());
        }
        assertEquals(before, db.count("select count(*) from silence"));
    }

    @Test
    void unknownIdsAndStatesAndMissingTokensAreRefused() {
        api().delete("/api/silences/{id}", UUID.randomUUID()).then().statusCode(404);
        api().delete("/api/silences/not-a-uuid").then().statusCode(404).body("error",
                equalTo("no silence has id not-a-uuid"));
        api().get("/api/silences?state=old").then().statusCode(400)
                .body("error", equalTo("unknown state 'old'; expected one of active, pending, expired"));
        given().get("/api/silences").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{}").post("/api/silences").then().statusCode(401);
        given().delete("/api/silences/{id}", UUID.randomUUID()).then().statusCode(401);
    }

    private static List<String> ids(String state) {
        return api().get("/api/silences?state=" + state).then().statusCode(200).extract().jsonPath().getList("items.id");
    }
}
