package dev.sentrytriage.intake;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.source.Source;
import dev.sentrytriage.source.SourceRegistry;
import dev.sentrytriage.source.WebhookRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Every source's webhook target, {@code POST /webhooks/{source}} (sentry, foundries, servo, alertmanager and the
 * configured Standard Webhooks senders). Thin: the source registry names the source, the intake service decides,
 * this maps its outcome to HTTP.
 */
@Path("/webhooks/{source}")
public class WebhookResource {

    private final IntakeService intake;
    private final SourceRegistry sources;
    private final long retryAfterSeconds;

    public WebhookResource(IntakeService intake, SourceRegistry sources, TriageConfig config) {
        this.intake = intake;
        this.sources = sources;
        this.retryAfterSeconds = Math.max(1, config.intake().retryAfter().toSeconds());
    }

    @POST
    @Tag(name = "webhooks")
    @Operation(summary = "A source's webhook target: verified the source's way over the raw bytes, stored, answered at once",
            description = "sentry: Sentry-Hook-Signature; foundries: X-JobServ-Sig; servo: X-Servo-Signature; "
                    + "alertmanager: Authorization (Bearer or Basic); Standard Webhooks sources: webhook-id, "
                    + "webhook-timestamp, webhook-signature")
    @APIResponse(responseCode = "202", description = "Verified and stored (or stored and ignored)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "accepted",
                    value = "{\"deliveryId\":\"0b6f7c1e-2f7e-4d2c-9a39-1c1f3b0d9a11\",\"status\":\"accepted\"}")))
    @APIResponse(responseCode = "200", description = "The same signed body was received before", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "duplicate",
                    value = "{\"deliveryId\":\"0b6f7c1e-2f7e-4d2c-9a39-1c1f3b0d9a11\",\"status\":\"duplicate\","
                            + "\"detail\":\"already received\"}")))
    @APIResponse(responseCode = "400", description = "Verified but unusable; stored as rejected", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "invalid",
                    value = "{\"deliveryId\":\"0b6f7c1e-2f7e-4d2c-9a39-1c1f3b0d9a11\",\"status\":\"invalid\","
                            + "\"error\":\"body is not a JSON object\"}")))
    @APIResponse(responseCode = "401", description = "No, a bad, or no configured signature secret", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "bad signature",
                    value = "{\"status\":\"bad_signature\",\"error\":\"invalid signature\"}")))
    @APIResponse(responseCode = "404", description = "No source of that name is configured", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "unknown source",
                    value = "{\"status\":\"unknown_source\",\"error\":\"no such source\"}")))
    @APIResponse(responseCode = "413", description = "Body over triage.intake.max-body-size")
    @APIResponse(responseCode = "503", description = "Database unavailable; nothing stored, see Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "unavailable",
                    value = "{\"status\":\"unavailable\",\"error\":\"storage unavailable\"}")))
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<RestResponse<IntakeAnswer>> receive(@PathParam("source") String name, byte[] body,
            @jakarta.ws.rs.core.Context HttpHeaders headers) {
        Optional<Source> source = sources.find(name);
        if (source.isEmpty()) {
            return CompletableFuture.completedFuture(RestResponse.ResponseBuilder.<IntakeAnswer> create(404)
                    .entity(new IntakeAnswer(null, "unknown_source", "no such source", null)).build());
        }
        // Runs on the event loop (the body is already read): verifying is CPU work bounded by the body limit, and
        // the answer is made on the same event loop once the delivery is committed; no thread waits for the commit.
        Context context = Vertx.currentContext();
        Executor onThisLoop = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return intake.receive(source.get(), new WebhookRequest(body, headers::getHeaderString), onThisLoop)
                .thenApply(this::answer);
    }

    private RestResponse<IntakeAnswer> answer(IntakeOutcome outcome) {
        RestResponse.ResponseBuilder<IntakeAnswer> response = RestResponse.ResponseBuilder
                .<IntakeAnswer> create(outcome.status()).entity(IntakeAnswer.of(outcome));
        if (outcome.kind() == IntakeOutcome.Kind.UNAVAILABLE) {
            response.header("Retry-After", retryAfterSeconds);
        }
        return response.build();
    }
}
