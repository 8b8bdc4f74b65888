package dev.sentrytriage.api;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.Risk;

/** Operator API for incidents: list, one by id, and the lifecycle actions the Telegram buttons also offer. */
@Path("/api/incidents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "incidents")
@SecurityRequirement(name = OpenApiDefinition.API_TOKEN)
@APIResponse(responseCode = "401", description = "No, a wrong, or no configured bearer token",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "unauthorized",
                value = ApiExamples.UNAUTHORIZED)))
public class IncidentResource {

    private final IncidentApiService service;

    public IncidentResource(IncidentApiService service) {
        this.service = service;
    }

    @Operation(summary = "Incidents, newest activity first; filters combine, a filter's values are alternatives")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "ok", value = ApiExamples.PAGE)))
    @APIResponse(responseCode = "400", description = "Unknown status or risk, bad limit or cursor", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "bad filter", value = ApiExamples.BAD_FILTER)))
    @GET
    public IncidentPage list(@QueryParam("status") List<String> status, @QueryParam("risk") List<String> risk,
            @QueryParam("project") String project,
            @QueryParam("limit") @Parameter(description = "1 to 200, default 50", schema = @Schema(type = SchemaType.INTEGER))
            String limit,
            @QueryParam("cursor") String cursor) {
        return service.list(Params.enums("status", status, IncidentStatus.class), Params.enums("risk", risk, Risk.class),
                Params.text("project", project), Params.limit(limit), cursor);
    }

    @Operation(summary = "One incident")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "ok", value = ApiExamples.INCIDENT)))
    @APIResponse(responseCode = "404", description = "No incident has this id", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "not found", value = ApiExamples.NOT_FOUND)))
    @GET
    @Path("/{id}")
    public IncidentView get(@PathParam("id")
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int64")) String id) {
        return service.get(Params.incidentId(id));
    }

    @Operation(summary = "Acknowledge: someone is on it")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "ok", value = ApiExamples.ACTION)))
    @APIResponse(responseCode = "404", description = "No incident has this id", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "not found", value = ApiExamples.NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "Not possible in the incident's status", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "conflict", value = ApiExamples.CONFLICT)))
    @POST
    @Path("/{id}/acknowledge")
    public ActionView acknowledge(@PathParam("id")
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int64")) String id) {
        return service.acknowledge(Params.incidentId(id));
    }

    @Operation(summary = "Mute for a duration: counted, but nothing is sent until then")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "ok", value = ApiExamples.ACTION)))
    @APIResponse(responseCode = "404", description = "No incident has this id", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "not found", value = ApiExamples.NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "Not possible in the incident's status", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "conflict", value = ApiExamples.CONFLICT)))
    @APIResponse(responseCode = "400", description = "Missing, non-positive or unreadable duration", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "bad duration", value = ApiExamples.BAD_DURATION)))
    @POST
    @Path("/{id}/mute")
    @Consumes(MediaType.APPLICATION_JSON)
    public ActionView mute(@PathParam("id")
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int64")) String id,
            @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(
                    name = "two hours", value = ApiExamples.MUTE))) MuteRequest request) {
        return service.mute(Params.incidentId(id), Params.muteDuration(request == null ? null : request.duration()));
    }

    @Operation(summary = "Resolve; if it fires again it reopens as a regression")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "ok", value = ApiExamples.ACTION)))
    @APIResponse(responseCode = "404", description = "No incident has this id", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "not found", value = ApiExamples.NOT_FOUND)))
    @POST
    @Path("/{id}/resolve")
    public ActionView resolve(@PathParam("id")
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int64")) String id) {
        return service.resolve(Params.incidentId(id));
    }

    @Operation(summary = "Reopen")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "ok", value = ApiExamples.ACTION)))
    @APIResponse(responseCode = "404", description = "No incident has this id", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "not found", value = ApiExamples.NOT_FOUND)))
    @POST
    @Path("/{id}/reopen")
    public ActionView reopen(@PathParam("id")
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int64")) String id) {
        return service.reopen(Params.incidentId(id));
    }
}
