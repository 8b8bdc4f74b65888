package dev.sentrytriage.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.sentrytriage.notify.NotificationSender;
import io.quarkus.test.junit.QuarkusMock;

/** The Bot API's real answers, for WireMock. */
public final class TelegramStubs {

    /** Just past the analyzer's message wait (30 s): a new episode's message is due. */
    public static final Duration MESSAGE_WAIT = Duration.ofSeconds(31);

    private static final AtomicLong MESSAGE_IDS = new AtomicLong(1000);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TelegramStubs() {
    }

    public static String path(String method) {
        return "/bot" + TelegramApiResource.TOKEN + "/" + method;
    }

    public static MappingBuilder method(String method) {
        return post(urlEqualTo(path(method)));
    }

    /**
     * A clean start for a test on the shared application: {@code clock} becomes the application's {@link Clock},
     * every method answers ok, and what earlier tests left due (edits held back, status changes) is sent now and
     * forgotten, so it cannot pace this test.
     */
    public static void settle(WireMockServer server, NotificationSender sender, MutableClock clock) {
        QuarkusMock.installMockForType(clock, Clock.class);
        allOk(server);
        // each test class runs its own clock: a chat's free time written under another class's clock means nothing
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> dev.sentrytriage.incident.Incident
                .getEntityManager().createNativeQuery("delete from telegram_chat_pace").executeUpdate());
        clock.advance(Duration.ofHours(1));
        for (int round = 0; round < 100 && sender.pass() > 0; round++) {
            clock.advance(Duration.ofSeconds(5));
        }
        clock.advance(Duration.ofMinutes(1));
        server.resetRequests();
    }

    /** Every method answers ok; sendMessage with a fresh message id each time it is stubbed. */
    public static void allOk(WireMockServer server) {
        server.resetAll();
        server.stubFor(method("sendMessage").willReturn(okMessage(MESSAGE_IDS.incrementAndGet())));
        server.stubFor(method("editMessageText").willReturn(json(200, "{\"ok\":true,\"result\":{\"message_id\":1}}")));
        server.stubFor(method("answerCallbackQuery").willReturn(json(200, "{\"ok\":true,\"result\":true}")));
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okMessage(long messageId) {
        return json(200, "{\"ok\":true,\"result\":{\"message_id\":" + messageId + ",\"chat\":{\"id\":-1001}}}");
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tooManyRequests(int retryAfter) {
        return json(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after " + retryAfter
                + "\",\"parameters\":{\"retry_after\":" + retryAfter + "}}");
    }

    /** Requests of {@code method} about one incident (found by its footer in the message text). */
    public static RequestPatternBuilder about(String method, long incidentId) {
        return postRequestedFor(urlEqualTo(path(method)))
                .withRequestBody(matchingJsonPath("$.text", com.github.tomakehurst.wiremock.client.WireMock
                        .matching("(?s).*incident #" + incidentId + "(?![0-9]).*")));
    }

    public static List<LoggedRequest> requests(WireMockServer server, String method, long incidentId) {
        return server.findAll(about(method, incidentId));
    }

    /** The JSON body of a call the service made to the Bot API. */
    public static JsonNode bodyOf(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
