package dev.sentrytriage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(ApiWithoutTokenTest.NoToken.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ApiWithoutTokenTest {

    /** The test profile with the API token taken away. */
    public static class NoToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.api.token", "");
        }
    }

    @Test
    void refusesEveryApiRequestWhenNoTokenIsConfigured() {
        for (String token : new String[] { "", "test-api-token" }) {
            given().header("Authorization", "Bearer " + token).get("/api/incidents").then().statusCode(401)
                    .body("error", equalTo("API disabled: no TRIAGE_API_TOKEN configured"));
            given().header("Authorization", "Bearer " + token).get("/api/deliveries").then().statusCode(401);
        }
    }
}
