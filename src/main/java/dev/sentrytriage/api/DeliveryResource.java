package dev.sentrytriage.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sentrytriage.intake.DeliveryStatus;
import dev.sentrytriage.intake.DeliveryView;

/** Operator API for the delivery inbox: what arrived, what was rejected or failed, and the raw body. */
@Path("/api/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "deliveries")
@SecurityRequirement(name = OpenApiDefinition.API_TOKEN)
@APIResponse(responseCode = "401", description = "No, a wrong, or no configured bearer token",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "unauthorized",
                value = ApiExamples.UNAUTHORIZED)))
public class DeliveryResource {

    private final DeliveryApiService service;

    public DeliveryResource(DeliveryApiService service) {
        this.service = service;
    }

    @Operation(summary = "Deliveries, newest first, e.g. ?status=REJECTED")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "ok", value = ApiExamples.DELIVERIES)))
    @APIResponse(responseCode = "400", description = "Unknown status, bad limit or cursor", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "bad filter",
                    value = "{\"error\":\"unknown status 'LOST'; expected one of PENDING, PROCESSING, DONE, IGNORED, REJECTED, FAILED\"}")))
    @GET
    public DeliveryPage list(@QueryParam("status") List<String> status, 
            @QueryParam("limit") @Parameter(description = "1 to 200, default 50", schema = @Schema(type = SchemaType.INTEGER))
            String limit,
            @QueryParam("cursor") String cursor) {
        return service.list(Params.enums("status", status, DeliveryStatus.class), Params.limit(limit), cursor);
    }

    @Operation(summary = "One delivery, without its body")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "ok", value = ApiExamples.DELIVERY)))
    @APIResponse(responseCode = "404", description = "No delivery has this id", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "not found",
                    value = ApiExamples.DELIVERY_NOT_FOUND)))
    @GET
    @Path("/{id}")
    public DeliveryView get(@PathParam("id") String id) {
        return service.get(id);
    }

    @Operation(summary = "The exact bytes Sentry sent")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
            examples = @ExampleObject(name = "ok", value = ApiExamples.BODY)))
    @APIResponse(responseCode = "404", description = "No delivery has this id", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "not found",
                    value = ApiExamples.DELIVERY_NOT_FOUND)))
    @APIResponse(responseCode = "410", description = "Retention has dropped the body", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "dropped",
                    value = ApiExamples.BODY_DROPPED)))
    @GET
    @Path("/{id}/body")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response body(@PathParam("id") String id) {
        return Response.ok(service.body(id), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store")
                .build();
    }
}
