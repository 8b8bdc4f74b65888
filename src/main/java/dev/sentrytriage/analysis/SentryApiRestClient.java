package dev.sentrytriage.analysis;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/** Sentry's API at {@code triage.sentry.api-url}: the latest event of an issue. Built by {@link SentryApiClient}. */
@Path("/api/0")
@RegisterRestClient(configKey = "sentry-api")
public interface SentryApiRestClient {

    @GET
    @Path("/issues/{issueId}/events/latest/")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode latestEvent(@HeaderParam("Authorization") String authorization, @PathParam("issueId") String issueId);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return PeerErrors.fromResponse(response);
    }
}
