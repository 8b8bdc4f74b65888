package dev.sentrytriage.support;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

import dev.sentrytriage.source.HmacSignature;
import io.restassured.response.ValidatableResponse;

/** Posts to the non-Sentry sources exactly as their senders do, with the fixtures' exact bytes. */
public final class SourceWebhooks {

    /** The test profile's current secrets (the fixtures' own vectors use the previous ones). */
    public static final String FOUNDRIES_SECRET = "test-foundries-current";
    public static final String SERVO_SECRET = "test-servo-current";
    public static final String ALERTMANAGER_TOKEN = "test-am-token";
    public static final String ALERTMANAGER_PREVIOUS_TOKEN = "test-am-token-previous";
    /** The generic Standard Webhooks source of the test profile and its current key. */
    public static final String GENERIC = "deploys";
    public static final String GENERIC_KEY = "whsec_" + Base64.getEncoder()
            .encodeToString("test-deploys-current".getBytes(StandardCharsets.UTF_8));

    private static final HmacSignature FOUNDRIES = new HmacSignature("HmacSHA256", "sha256:", 32, List.of("x"));
    private static final HmacSignature SERVO = new HmacSignature("HmacSHA1", "", 20, List.of("x"));
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SourceWebhooks() {
    }

    /** The exact bytes of {@code fixtures/<source>/<file>}. */
    public static byte[] fixture(String source, String file) {
        try (InputStream in = SourceWebhooks.class.getResourceAsStream("/fixtures/" + source + "/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + source + "/" + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's signature vectors. */
    public static JsonNode vectors(String source, String file) {
        try {
            return MAPPER.readTree(fixture(source, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String foundriesSignature(String secret, byte[] body) {
        return FOUNDRIES.sign(secret, body);
    }

    public static String servoSignature(String secret, byte[] body) {
        return SERVO.sign(secret, body);
    }

    /** As jobserv: {@code Content-type: application/json} and {@code X-JobServ-Sig} (none when null). */
    public static ValidatableResponse foundries(byte[] body, String signature) {
        var request = given().contentType("application/json").body(body);
        if (signature != null) {
            request.header("X-JobServ-Sig", signature);
        }
        return request.when().post("/webhooks/foundries").then();
    }

    public static ValidatableResponse foundries(byte[] body) {
        return foundries(body, foundriesSignature(FOUNDRIES_SECRET, body));
    }

    /** As servo-webhooks: its own content type and {@code X-Servo-Signature} (none when null). */
    public static ValidatableResponse servo(byte[] body, String signature) {
        var request = given().contentType("application/vnd.opsani.servo-webhooks+json").body(body);
        if (signature != null) {
            request.header("X-Servo-Signature", signature);
        }
        return request.when().post("/webhooks/servo").then();
    }

    public static ValidatableResponse servo(byte[] body) {
        return servo(body, servoSignature(SERVO_SECRET, body));
    }

    /** As Alertmanager with {@code http_config}: the given {@code Authorization} header (none when null). */
    public static ValidatableResponse alertmanager(byte[] body, String authorization) {
        var request = given().contentType("application/json").body(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.when().post("/webhooks/alertmanager").then();
    }

    public static ValidatableResponse alertmanager(byte[] body) {
        return alertmanager(body, "Bearer " + ALERTMANAGER_TOKEN);
    }

    /** The {@code webhook-signature} a Standard Webhooks sender with {@code key} sends. */
    public static String standardSignature(String key, String id, long timestamp, byte[] body) {
        try {
            return new Webhook(key).sign(id, timestamp, new String(body, StandardCharsets.UTF_8));
        } catch (WebhookSigningException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As a Standard Webhooks sender: the three headers, with the given signature (none when null). */
    public static ValidatableResponse standard(String source, String id, long timestamp, byte[] body,
            String signature) {
        var request = given().contentType("application/json").header("webhook-id", id)
                .header("webhook-timestamp", String.valueOf(timestamp)).body(body);
        if (signature != null) {
            request.header("webhook-signature", signature);
        }
        return request.when().post("/webhooks/" + source).then();
    }

    /** Signed with the generic test source's current key at {@code timestamp}. */
    public static ValidatableResponse generic(String id, long timestamp, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return standard(GENERIC, id, timestamp, body, standardSignature(GENERIC_KEY, id, timestamp, body));
    }
}
