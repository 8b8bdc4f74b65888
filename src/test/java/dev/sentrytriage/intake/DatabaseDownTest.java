package dev.sentrytriage.intake;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.Webhooks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A PostgreSQL of its own that the test stops: the webhook and the API say 503 with Retry-After, never 2xx or 500. */
@QuarkusTest
@TestProfile(DatabaseDownTest.OwnDatabase.class)
class DatabaseDownTest {

    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(DisposablePostgres.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.acquisition-timeout", "1s", "triage.api.token", "down-token");
        }
    }

    public static class DisposablePostgres implements QuarkusTestResourceLifecycleManager {
        static EmbeddedPostgres pg;

        @Override
        public Map<String, String> start() {
            try {
                pg = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("quarkus.datasource.jdbc.url", pg.getJdbcUrl("postgres", "postgres"),
                    "quarkus.datasource.username", "postgres", "quarkus.datasource.password", "postgres");
        }

        @Override
        public void stop() {
            try {
                if (pg != null) {
                    pg.close();
                }
            } catch (IOException e) {
                // already stopped by the test
            }
        }
    }

    @Test
    void answers503WithRetryAfterWhenTheDatabaseIsDown() throws IOException {
        Webhooks.postFixture("issue.created").statusCode(202);
        DisposablePostgres.pg.close();
        Webhooks.postFixture("event_alert.triggered")
                .statusCode(503)
                .header("Retry-After", equalTo("5"))
                .body("status", equalTo("unavailable"))
                .body(not(containsString("Exception")));
        io.restassured.RestAssured.given().header("Authorization", "Bearer down-token")
                .when().get("/api/incidents")
                .then().statusCode(503)
                .header("Retry-After", equalTo("5"))
                .body("error", equalTo("database unavailable"));
    }
}
