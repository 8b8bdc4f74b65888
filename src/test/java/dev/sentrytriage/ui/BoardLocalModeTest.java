package dev.sentrytriage.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With the development API token of local mode as the only secret, the board signs in with it and its sign-in page
 * says so; a board password of its own replaces the token.
 */
@QuarkusTest
@TestProfile(BoardLocalModeTest.DevelopmentToken.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class BoardLocalModeTest {

    /** The API token local mode uses. */
    public static class DevelopmentToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.api.token", UiSessions.DEVELOPMENT_TOKEN, "triage.ui.session", "30m");
        }
    }

    @Test
    void signInPageNamesTheDevelopmentToken() {
        given().get("/signin").then().statusCode(200)
                .body(containsString("Local mode: the password is the development API token"))
                .body(containsString("<code>sentry-triage-dev-token</code>"));
        given().redirects().follow(false).formParam("password", UiSessions.DEVELOPMENT_TOKEN).post("/signin").then()
                .statusCode(303).header("Set-Cookie", containsString("Max-Age=1800"));
        given().redirects().follow(false).formParam("password", "test-api-token").post("/signin").then()
                .statusCode(401).body(not(containsString("Set-Cookie")));
    }
}
