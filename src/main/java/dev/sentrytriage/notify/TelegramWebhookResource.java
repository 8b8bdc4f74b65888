package dev.sentrytriage.notify;

import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.text.LogSafe;
import dev.sentrytriage.text.Sha256;

/**
 * Telegram's webhook for button presses. Fail-closed: without a configured secret, or with a wrong or missing
 * {@code X-Telegram-Bot-Api-Secret-Token}, the answer is 401 and nothing is parsed.
 */
@Path("/webhooks/telegram")
public class TelegramWebhookResource {

    private static final Logger LOG = Logger.getLogger(TelegramWebhookResource.class);

    private final TelegramCallbackService callbacks;
    private final ObjectMapper mapper;
    private final Optional<byte[]> secretDigest;

    public TelegramWebhookResource(TelegramCallbackService callbacks, ObjectMapper mapper, TriageConfig config) {
        this.callbacks = callbacks;
        this.mapper = mapper;
        this.secretDigest = config.telegram().webhookSecret().filter(s -> !s.isBlank()).map(Sha256::of);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(byte[] body, @HeaderParam("X-Telegram-Bot-Api-Secret-Token") String token) {
        if (!authentic(token)) {
            return Response.status(401).entity(Map.of("error", "invalid secret token")).build();
        }
        JsonNode update;
        try {
            update = mapper.readTree(body);
        } catch (Exception e) {
            return Response.status(400).entity(Map.of("error", "not a Telegram update")).build();
        }
        if (update == null || !update.isObject()) {
            return Response.status(400).entity(Map.of("error", "not a Telegram update")).build();
        }
        try {
            TelegramCallbackService.Outcome outcome = callbacks.handle(update);
            return Response.ok(Map.of("status", outcome.name().toLowerCase())).build();
        } catch (RuntimeException e) {
            // database away: a non-2xx makes Telegram deliver the update again later
            LOG.warnf("Telegram update not applied, Telegram will redeliver it: %s", LogSafe.error(e));
            return Response.status(503).header("Retry-After", 5).entity(Map.of("error", "unavailable")).build();
        }
    }

    /** Compares digests of equal length in constant time, so neither the content nor the length leaks. */
    private boolean authentic(String token) {
        if (secretDigest.isEmpty() || token == null) {
            return false;
        }
        return MessageDigest.isEqual(secretDigest.get(), Sha256.of(token));
    }
}
