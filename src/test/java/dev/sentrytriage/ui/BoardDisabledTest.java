package dev.sentrytriage.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Without a board password and without an API token there is no board: every page says how to turn it on. */
@QuarkusTest
@TestProfile(BoardDisabledTest.NoPassword.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class BoardDisabledTest {

    /** Neither password nor token. */
    public static class NoPassword implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.api.token", "", "triage.ui.password", "");
        }
    }

    @Test
    void everyPageAnswersNotFoundWithHowToEnableIt() {
        for (String path : new String[] { "/", "/signin", "/incidents/1", "/deliveries" }) {
            given().redirects().follow(false).get(path).then().statusCode(404)
                    .body(containsString("UI disabled: set TRIAGE_UI_PASSWORD"));
        }
        given().redirects().follow(false).formParam("password", "").post("/signin").then().statusCode(404);
        given().redirects().follow(false).formParam("password", "test-api-token").post("/signin").then()
                .statusCode(404);
    }
}
