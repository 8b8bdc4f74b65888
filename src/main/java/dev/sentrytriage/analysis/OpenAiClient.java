package dev.sentrytriage.analysis;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.analysis.OpenAiRestClient.ChatAnswer;
import dev.sentrytriage.analysis.OpenAiRestClient.ChatMessage;
import dev.sentrytriage.analysis.OpenAiRestClient.ChatRequest;
import dev.sentrytriage.analysis.OpenAiRestClient.Choice;
import dev.sentrytriage.analysis.OpenAiRestClient.ResponseFormat;
import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.IssueContext;

/**
 * Asks an OpenAI-compatible server for an analysis: JSON output requested, prompt built from the scrubbed context,
 * {@code choices[0].message.content} parsed as untrusted text. Every call goes through the analyzer's
 * {@link CallGuard}; the timeout is the client's read timeout.
 */
@ApplicationScoped
public class OpenAiClient {

    private static final Logger LOG = Logger.getLogger(OpenAiClient.class);

    private final TriageConfig.Analyzer config;
    private final OpenAiRestClient rest;
    private final AnswerParser parser;
    private final CallGuard guard;
    // some servers (older LM Studio, llama.cpp builds) refuse response_format; then we ask in the prompt alone
    private volatile boolean jsonMode = true;

    public OpenAiClient(TriageConfig config, @RestClient OpenAiRestClient rest, ObjectMapper mapper, Clock clock) {
        this.config = config.analyzer();
        this.rest = rest;
        this.parser = new AnswerParser(mapper);
        this.guard = CallGuard.analyzer("openai", this.config, clock);
    }

    /** What {@code analyzed_by} says for this analyzer's answers. */
    public String name() {
        return "openai:" + config.model();
    }

    /** The analysis of a scrubbed context; throws {@link PeerException} when there is none. */
    public Analysis analyze(IssueContext scrubbed) {
        if (config.url().isEmpty()) {
            throw PeerException.of(PeerException.Kind.NOT_CONFIGURED, "not configured");
        }
        String prompt = PromptBuilder.user(scrubbed);
        return guard.call(() -> read(send(prompt)));
    }

    private ChatAnswer send(String prompt) {
        try {
            return rest.chatCompletions(authorization(), request(prompt, jsonMode));
        } catch (PeerException e) {
            if (jsonMode && e.status() == 400 && PeerErrors.RESPONSE_FORMAT.equals(e.code())) {
                jsonMode = false;
                LOG.info("analyzer refused response_format; asking for JSON in the prompt only from now on");
                return send(prompt);
            }
            throw e;
        } catch (ProcessingException e) {
            throw PeerErrors.fromProcessing(e);
        }
    }

    private ChatRequest request(String prompt, boolean json) {
        return new ChatRequest(config.model(), 0.2,
                List.of(new ChatMessage("system", PromptBuilder.SYSTEM), new ChatMessage("user", prompt)),
                json ? ResponseFormat.JSON_OBJECT : null);
    }

    private Analysis read(ChatAnswer answer) {
        Choice choice = answer == null || answer.choices() == null || answer.choices().isEmpty() ? null
                : answer.choices().get(0);
        if (choice == null) {
            throw PeerException.of(PeerException.Kind.INVALID_ANSWER, "answer without choices");
        }
        String refusal = choice.message() == null ? null : text(choice.message().refusal());
        String content = choice.message() == null ? null : text(choice.message().content());
        if (refusal != null || "content_filter".equals(choice.finishReason())) {
            throw PeerException.of(PeerException.Kind.INVALID_ANSWER, "refused");
        }
        boolean cutOff = "length".equals(choice.finishReason());
        return parser.parse(content, cutOff, name());
    }

    private String authorization() {
        return config.apiKey().filter(k -> !k.isBlank()).map(k -> "Bearer " + k).orElse(null);
    }

    CallGuard guard() {
        return guard;
    }

    /** Asks for JSON mode again from the next call on: for tests, whose next server may take it. */
    void askForJsonMode() {
        jsonMode = true;
    }

    private static String text(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
