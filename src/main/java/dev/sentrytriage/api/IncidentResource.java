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

import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.Risk;

/** Operator API for incidents: list, one by id, and the lifecycle actions the Telegram buttons also offer. */
@Path("/api/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    private final IncidentApiService service;

    public IncidentResource(IncidentApiService service) {
        this.service = service;
    }

    @GET
    public IncidentPage list(@QueryParam("status") List<String> status, @QueryParam("risk") List<String> risk,
            @QueryParam("project") String project, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return service.list(Params.enums("status", status, IncidentStatus.class), Params.enums("risk", risk, Risk.class),
                project, Params.limit(limit), cursor);
    }

    @GET
    @Path("/{id}")
    public IncidentView get(@PathParam("id") long id) {
        return service.get(id);
    }

    @POST
    @Path("/{id}/acknowledge")
    public ActionView acknowledge(@PathParam("id") long id) {
        return service.acknowledge(id);
    }

    @POST
    @Path("/{id}/mute")
    @Consumes(MediaType.APPLICATION_JSON)
    public ActionView mute(@PathParam("id") long id, MuteRequest request) {
        return service.mute(id, Params.muteDuration(request == null ? null : request.duration()));
    }

    @POST
    @Path("/{id}/resolve")
    public ActionView resolve(@PathParam("id") long id) {
        return service.resolve(id);
    }

    @POST
    @Path("/{id}/reopen")
    public ActionView reopen(@PathParam("id") long id) {
        return service.reopen(id);
    }
}
