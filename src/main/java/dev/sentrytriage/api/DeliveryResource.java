package dev.sentrytriage.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.sentrytriage.intake.DeliveryStatus;

/** Operator API for the delivery inbox: what arrived, what was rejected or failed, and the raw body. */
@Path("/api/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    private final DeliveryApiService service;

    public DeliveryResource(DeliveryApiService service) {
        this.service = service;
    }

    @GET
    public DeliveryPage list(@QueryParam("status") List<String> status, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return service.list(Params.enums("status", status, DeliveryStatus.class), Params.limit(limit), cursor);
    }

    @GET
    @Path("/{id}")
    public DeliveryView get(@PathParam("id") String id) {
        return service.get(id);
    }

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
