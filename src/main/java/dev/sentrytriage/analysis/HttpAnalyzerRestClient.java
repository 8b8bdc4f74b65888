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

import dev.sentrytriage.config.PeerClientConfigSource;
import dev.sentrytriage.incident.IssueContext;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/**
 * The plain analyze contract: {@code POST {triage.analyzer.url}} with the scrubbed issue context, answering
 * {@code {root_cause, impact, fix_suggestion, prevention, confidence, analyzed_by}}. The answer stays a JSON tree:
 * {@link AnswerParser} reads it as untrusted (lists for text, confidence as a word or a percentage), as it reads an
 * OpenAI answer's content. Timeout from {@code triage.analyzer.timeout} ({@link PeerClientConfigSource}).
 */
@Path("")
@RegisterRestClient(configKey = PeerClientConfigSource.ANALYZER_HTTP)
public interface HttpAnalyzerRestClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode analyze(@HeaderParam("Authorization") String authorization, IssueContext context);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return PeerErrors.fromResponse(response);
    }
}
