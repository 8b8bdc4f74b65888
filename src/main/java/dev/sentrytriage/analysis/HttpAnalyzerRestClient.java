package dev.sentrytriage.analysis;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/**
 * The plain analyze contract: {@code POST {triage.analyzer.url}} with the scrubbed issue context, answering
 * {@code {root_cause, impact, fix_suggestion, prevention, confidence, analyzed_by}}. Built by {@link HttpAnalyzerClient}.
 */
@Path("")
@RegisterRestClient(configKey = "analyzer-http")
public interface HttpAnalyzerRestClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode analyze(@HeaderParam("Authorization") String authorization, JsonNode context);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return PeerErrors.fromResponse(response);
    }
}
