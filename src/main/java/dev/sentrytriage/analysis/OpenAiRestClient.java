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
 * An OpenAI-compatible chat completions server (OpenAI, Ollama, vLLM, llama.cpp, LM Studio). Built by
 * {@link OpenAiClient} with the base URL and timeout of {@code triage.analyzer.*}. Bodies are Jackson trees, so nothing
 * needs reflection.
 */
@Path("/v1")
@RegisterRestClient(configKey = "openai")
public interface OpenAiRestClient {

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode chatCompletions(@HeaderParam("Authorization") String authorization, JsonNode request);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return PeerErrors.fromResponse(response);
    }
}
