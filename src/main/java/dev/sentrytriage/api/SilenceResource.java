package dev.sentrytriage.api;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.sentrytriage.silence.SilenceRequest;
import dev.sentrytriage.silence.SilenceService;

/** Silences and maintenance windows: incidents that match are stored and analysed, their messages held. */
@Path("/api/silences")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "silences")
@SecurityRequirement(name = OpenApiDefinition.API_TOKEN)
@APIResponse(responseCode = "401", description = "No, a wrong, or no configured bearer token",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "unauthorized",
                value = ApiExamples.UNAUTHORIZED)))
public class SilenceResource {

    private final SilenceService service;
    private final Clock clock;

    public SilenceResource(SilenceService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    @Operation(summary = "Create a silence, or with a recurrence a maintenance window")
    @APIResponse(responseCode = "201", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "created", value = ApiExamples.SILENCE)))
    @APIResponse(responseCode = "400", description = "Unknown field or op, invalid pattern, bad times or recurrence",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "bad matcher",
                    value = ApiExamples.BAD_SILENCE)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<SilenceView> create(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = { @ExampleObject(name = "silence", value = ApiExamples.SILENCE_REQUEST),
                    @ExampleObject(name = "maintenance window", value = ApiExamples.WINDOW_REQUEST) }))
            SilenceRequest request) {
        SilenceView view = SilenceView.of(service.create(request), clock.instant());
        return RestResponse.ResponseBuilder.<SilenceView>created(URI.create("/api/silences/" + view.id())).entity(view)
                .build();
    }

    @Operation(summary = "Silences, newest first, then the maintenance windows of TRIAGE_MAINTENANCE")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "ok", value = ApiExamples.SILENCES)))
    @APIResponse(responseCode = "400", description = "Unknown state", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "bad state",
                    value = "{\"error\":\"unknown state 'old'; expected one of active, pending, expired\"}")))
    @GET
    public SilenceList list(@QueryParam("state") @Parameter(description = "active, pending or expired; all when absent")
            String state) {
        Instant now = clock.instant();
        return new SilenceList(service.list(Params.silenceState(state)).stream().map(r -> SilenceView.of(r, now))
                .toList());
    }

    @Operation(summary = "Expire a silence now (a pending one never starts); what it held is sent if still firing")
    @APIResponse(responseCode = "204", description = "Expired (or already expired)")
    @APIResponse(responseCode = "404", description = "No silence has this id", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "not found",
                    value = ApiExamples.SILENCE_NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "A window from TRIAGE_MAINTENANCE", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "configured",
                    value = ApiExamples.SILENCE_READ_ONLY)))
    @DELETE
    @Path("/{id}")
    public RestResponse<Void> expire(@PathParam("id") String id) {
        service.expire(id);
        return RestResponse.noContent();
    }
}
