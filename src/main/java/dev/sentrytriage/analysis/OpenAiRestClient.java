package dev.sentrytriage.analysis;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.sentrytriage.config.PeerClientConfigSource;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An OpenAI-compatible chat completions server (OpenAI, Ollama, vLLM, llama.cpp, LM Studio) at
 * {@code triage.analyzer.url}, with its timeout ({@link PeerClientConfigSource}). An answer other than 2xx becomes a
 * {@link PeerException}.
 */
@Path("/v1")
@RegisterRestClient(configKey = PeerClientConfigSource.OPENAI)
public interface OpenAiRestClient {

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    ChatAnswer chatCompletions(@HeaderParam("Authorization") String authorization, ChatRequest request);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return PeerErrors.fromResponse(response);
    }

    /** The request; {@code response_format} absent (not null) when the server does not take JSON mode. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChatRequest(String model, double temperature, List<ChatMessage> messages,
            @JsonProperty("response_format") ResponseFormat responseFormat) {
    }

    /** One message of the conversation: {@code system} or {@code user}. */
    record ChatMessage(String role, String content) {
    }

    /** {@code {"type": "json_object"}}: JSON output. */
    record ResponseFormat(String type) {
        static final ResponseFormat JSON_OBJECT = new ResponseFormat("json_object");
    }

    /** What is read of the answer: the first choice's message and why it ended. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChatAnswer(List<Choice> choices) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(AnswerMessage message, @JsonProperty("finish_reason") String finishReason) {
    }

    /** The text ({@code content}, untrusted) or the model's {@code refusal}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AnswerMessage(String content, String refusal) {
    }

    /**
     * What is read of OpenAI's error body, {@code {"error": {"message", "type", "code"}}}: never the message (it may
     * quote the request). Other servers send numbers there ({@code "code": 400}): they count only as strings.
     */
    @RegisterForReflection // read by PeerErrors from an error answer's text, where Quarkus does not see the type
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorAnswer(Error error) {

        @JsonIgnoreProperties(ignoreUnknown = true)
        record Error(Object type, Object code) {
        }
    }
}
