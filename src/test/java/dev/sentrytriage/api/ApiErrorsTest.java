package dev.sentrytriage.api;

import static dev.sentrytriage.support.Incidents.api;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sentrytriage.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every way a request to {@code /api} can be wrong is answered with its 4xx status and {@code {"error": "..."}} as
 * JSON: never a 500, never an empty body, never a Java record's {@code toString}.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ApiErrorsTest {

    private static final String JSON = "application/json";
    private static final String LONG = "x".repeat(1000); // past every limit of ours, short of the HTTP line limit

    static Stream<Arguments> badRequests() {
        String farFuture = cursor("9400000000000.0." + UUID.randomUUID());
        String farPast = cursor("-94000000000000.0.5");
        return Stream.of(
                // free-text filter: NUL, other control characters, overlong
                get("/api/incidents?project=a%00b", 400),
                get("/api/incidents?project=a%0Ab", 400),
                get("/api/incidents?project=a%1Bb", 400),
                get("/api/incidents?project=" + LONG, 400),
                // enum filters
                get("/api/incidents?status=CLOSED", 400),
                get("/api/incidents?status=%00", 400),
                get("/api/incidents?risk=urgent", 400),
                get("/api/incidents?risk=" + LONG, 400),
                get("/api/deliveries?status=LOST", 400),
                get("/api/deliveries?status=a%00b", 400),
                // cursors: out of PostgreSQL's range, garbage, NUL, overlong, wrong id kind
                get("/api/incidents?cursor=OTQwMDAwMDAwMDAwMC4wLjU", 400),
                get("/api/deliveries?cursor=OTQwMDAwMDAwMDAwMC4wLjU", 400),
                get("/api/incidents?cursor=" + farPast, 400),
                get("/api/deliveries?cursor=" + farFuture, 400),
                get("/api/deliveries?cursor=" + farPast, 400),
                get("/api/incidents?cursor=not-a-cursor", 400),
                get("/api/incidents?cursor=%00", 400),
                get("/api/deliveries?cursor=" + LONG, 400),
                get("/api/incidents?cursor=" + cursor("1763905761.0." + UUID.randomUUID()), 400),
                get("/api/deliveries?cursor=" + cursor("1763905761.0.42"), 400),
                get("/api/incidents?cursor=" + cursor("1763905761.99999999999999999999.42"), 400),
                // limits
                get("/api/incidents?limit=abc", 400),
                get("/api/incidents?limit=1e9", 400),
                get("/api/deliveries?limit=abc", 400),
                get("/api/deliveries?limit=1e9", 400),
                get("/api/incidents?limit=0", 400),
                get("/api/deliveries?limit=-5", 400),
                get("/api/incidents?limit=201", 400),
                get("/api/incidents?limit=99999999999999999999", 400),
                get("/api/deliveries?limit=%00", 400),
                get("/api/deliveries?limit=1.5", 400),
                // path ids
                get("/api/incidents/abc", 404),
                get("/api/incidents/99999999999999999999", 404),
                get("/api/incidents/-1", 404),
                get("/api/incidents/a%00b", 404),
                get("/api/incidents/9223372036854775807", 404),
                post("/api/incidents/abc/resolve", null, null, 404),
                post("/api/incidents/9223372036854775807/acknowledge", null, null, 404),
                get("/api/deliveries/not-a-uuid", 404),
                get("/api/deliveries/" + UUID.randomUUID(), 404),
                get("/api/deliveries/" + UUID.randomUUID() + "/body", 404),
                get("/api/deliveries/a%00b/body", 404),
                get("/api/deliveries/" + LONG.substring(0, 1000), 404),
                // mute bodies
                post("/api/incidents/1/mute", JSON, "not json", 400),
                post("/api/incidents/1/mute", JSON, "{\"duration\":", 400),
                post("/api/incidents/1/mute", JSON, "[]", 400),
                post("/api/incidents/1/mute", JSON, "{\"duration\":{}}", 400),
                post("/api/incidents/1/mute", JSON, "{\"duration\":\"2\\u0000h\"}", 400),
                post("/api/incidents/1/mute", JSON, "\"2h\"", 400),
                post("/api/incidents/1/mute", "text/plain", "{\"duration\":\"2h\"}", 415),
                post("/api/incidents/1/mute", "application/x-www-form-urlencoded", "duration=2h", 415),
                post("/api/incidents/" + Long.MAX_VALUE + "/mute", JSON, "{\"duration\":\"2h\"}", 404),
                // methods, paths and media types nothing serves
                get("/api/incidents/1/resolve", 405),
                request("DELETE", "/api/incidents", null, null, 405),
                post("/api/deliveries", JSON, "{}", 405),
                get("/api/nothing-here", 404),
                get("/api", 404),
                // no token
                Arguments.of("GET", "/api/incidents", null, null, 401, false));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @MethodSource("badRequests")
    void answersEveryBadRequestWithItsStatusAndAJsonError(String method, String path, String contentType, String body,
            int status, boolean token) {
        RequestSpecification request = (token ? api() : given()).urlEncodingEnabled(false);
        if (contentType != null) {
            request.contentType(contentType);
        }
        if (body != null) {
            request.body(body);
        }
        Response answer = request.request(method, path);
        assertError(answer, status, method + " " + shorten(path));
    }

    /** A body that is not JSON is named as such, on every endpoint that takes one (not a bare "bad request"). */
    @ParameterizedTest
    @ValueSource(strings = { "/api/incidents/1/mute", "/api/silences" })
    void saysWhenTheBodyIsNotJson(String path) {
        Response answer = api().contentType(JSON).body("not json").post(path);
        assertError(answer, 400, path);
        assertEquals("request body is not the JSON object this endpoint expects", answer.jsonPath().getString("error"));
    }

    @Test
    void answersNotAcceptableAsJsonToo() {
        Response answer = api().accept("text/html").get("/api/incidents");
        assertError(answer, 406, "Accept: text/html");
    }

    /** Arbitrary text in every query parameter of both lists: 200 or a JSON 400, never anything else. */
    @Test
    void neverFailsOnArbitraryQueryValues() {
        Random random = new Random(20261201L); // fixed, so a failure reproduces
        String[] names = { "status", "risk", "project", "limit", "cursor" };
        for (int i = 0; i < 150; i++) {
            String value = switch (i % 4) {
                case 0 -> randomText(random, 60, Character.MAX_CODE_POINT);
                case 1 -> randomText(random, 30, 0xff);
                case 2 -> String.valueOf(random.nextLong()) + (random.nextBoolean() ? "e" + random.nextInt(20) : "");
                default -> cursor(random.nextLong() + "." + random.nextLong() + "." + randomText(random, 20, 0x7f));
            };
            String path = (i % 2 == 0 ? "/api/incidents" : "/api/deliveries") + "?" + names[random.nextInt(names.length)]
                    + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
            Response answer = api().urlEncodingEnabled(false).get(path);
            if (answer.statusCode() != 200) {
                assertError(answer, 400, path);
            }
        }
    }

    /** Up to {@code max} code points below {@code below}, lone surrogates and controls included. */
    private static String randomText(Random random, int max, int below) {
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(max + 1); n > 0; n--) {
            int cp = random.nextInt(4) == 0 ? random.nextInt(0x20) : random.nextInt(below + 1);
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    private static void assertError(Response answer, int status, String what) {
        String text = answer.asString();
        assertEquals(status, answer.statusCode(), what + " answered " + text);
        assertTrue(answer.contentType().startsWith(JSON), what + " answered " + answer.contentType() + ": " + text);
        Map<String, Object> json = answer.jsonPath().getMap("$");
        assertEquals(List.of("error"), List.copyOf(json.keySet()), what + " answered " + text);
        Object error = json.get("error");
        assertTrue(error instanceof String s && !s.isBlank(), what + " answered " + text);
        assertFalse(((String) error).contains("\u0000") || text.contains("ApiError["), what + " answered " + text);
        int shown = ((String) error).codePointCount(0, ((String) error).length());
        assertTrue(shown < 200, what + " echoed too much: " + shown + " characters");
    }

    private static Arguments get(String path, int status) {
        return request("GET", path, null, null, status);
    }

    private static Arguments post(String path, String contentType, String body, int status) {
        return request("POST", path, contentType, body, status);
    }

    private static Arguments request(String method, String path, String contentType, String body, int status) {
        return Arguments.of(method, path, contentType, body, status, true);
    }

    private static String cursor(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String shorten(String path) {
        return path.length() > 120 ? path.substring(0, 120) + "..." : path;
    }
}
