package dev.sentrytriage.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;

/** Posts to {@code /webhooks/sentry} the way Sentry does. */
public final class Webhooks {

    private Webhooks() {
    }

    /** Posts {@code body} signed with the current test secret. */
    public static ValidatableResponse post(String resource, byte[] body) {
        return post(resource, body, SentryFixtures.sign(body));
    }

    /** Posts {@code body} with the given signature header ({@code null} for none). */
    public static ValidatableResponse post(String resource, byte[] body, String signature) {
        var request = given()
                .contentType("application/json")
                .header("Sentry-Hook-Resource", resource)
                .header("Sentry-Hook-Timestamp", String.valueOf(System.currentTimeMillis() / 1000))
                .header("Request-ID", java.util.UUID.randomUUID().toString())
                .body(body);
        if (signature != null) {
            request.header("Sentry-Hook-Signature", signature);
        }
        return request.when().post("/webhooks/sentry").then();
    }

    /** Posts a fixture as Sentry would send it. */
    public static ValidatableResponse postFixture(String name) {
        return post(SentryFixtures.resource(name), SentryFixtures.body(name));
    }
}
