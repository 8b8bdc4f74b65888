package dev.sentrytriage.intake;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.sentrytriage.config.TriageConfig;

/** Sentry's webhook target. Thin: the intake service decides, this maps its outcome to HTTP. */
@Path("/webhooks/sentry")
public class SentryWebhookResource {

    private final IntakeService intake;
    private final long retryAfterSeconds;

    public SentryWebhookResource(IntakeService intake, TriageConfig config) {
        this.intake = intake;
        this.retryAfterSeconds = Math.max(1, config.intake().retryAfter().toSeconds());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(byte[] body,
            @HeaderParam("Sentry-Hook-Resource") String resource,
            @HeaderParam("Sentry-Hook-Timestamp") String timestamp,
            @HeaderParam("Sentry-Hook-Signature") String signature,
            @HeaderParam("Request-ID") String requestId) {
        IntakeOutcome outcome = intake.receive(new Delivery(resource, null, requestId, timestamp, body), signature);
        Map<String, Object> answer = new LinkedHashMap<>();
        if (outcome.deliveryId() != null) {
            answer.put("deliveryId", outcome.deliveryId().toString());
        }
        answer.put("status", outcome.kind().label());
        if (outcome.reason() != null) {
            answer.put(outcome.status() >= 400 ? "error" : "detail", outcome.reason());
        }
        Response.ResponseBuilder response = Response.status(outcome.status()).entity(answer);
        if (outcome.kind() == IntakeOutcome.Kind.UNAVAILABLE) {
            response.header("Retry-After", retryAfterSeconds);
        }
        return response.build();
    }
}
