package dev.sentrytriage.analysis;

import java.net.URI;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
    private final ObjectMapper mapper;
    private final AnswerParser parser;
    private final CallGuard guard;
    private volatile OpenAiRestClient rest;
    // some servers (older LM Studio, llama.cpp builds) refuse response_format; then we ask in the prompt alone
    private volatile boolean jsonMode = true;

    public OpenAiClient(TriageConfig config, ObjectMapper mapper, Clock clock) {
        this.config = config.analyzer();
        this.mapper = mapper;
        this.parser = new AnswerParser(mapper);
        this.guard = AnalyzerGuards.analyzer("openai", this.config, clock);
    }

    /** What {@code analyzed_by} says for this analyzer's answers. */
    public String name() {
        return "openai:" + config.model();
    }

    /** The analysis of a scrubbed context; throws {@link PeerException} when there is none. */
    public Analysis analyze(IssueContext scrubbed) {
        OpenAiRestClient client = client();
        String prompt = PromptBuilder.user(scrubbed);
        return guard.call(() -> {
            JsonNode answer = send(client, prompt);
            return read(answer);
        });
    }

    private JsonNode send(OpenAiRestClient client, String prompt) {
        try {
            return client.chatCompletions(authorization(), request(prompt, jsonMode));
        } catch (PeerException e) {
            if (jsonMode && e.status() == 400 && "response_format".equals(e.code())) {
                jsonMode = false;
                LOG.info("analyzer refused response_format; asking for JSON in the prompt only from now on");
                return send(client, prompt);
            }
            throw e;
        } catch (ProcessingException e) {
            throw PeerErrors.fromProcessing(e);
        }
    }

    private ObjectNode request(String prompt, boolean json) {
        ObjectNode req = mapper.createObjectNode();
        req.put("model", config.model());
        req.put("temperature", 0.2);
        var messages = req.putArray("messages");
        messages.addObject().put("role", "system").put("content", PromptBuilder.SYSTEM);
        messages.addObject().put("role", "user").put("content", prompt);
        if (json) {
            req.putObject("response_format").put("type", "json_object");
        }
        return req;
    }

    private Analysis read(JsonNode answer) {
        JsonNode choice = answer == null ? null : answer.path("choices").path(0);
        if (choice == null || choice.isMissingNode()) {
            throw PeerException.of(PeerException.Kind.INVALID_ANSWER, "answer without choices");
        }
        JsonNode message = choice.path("message");
        String refusal = text(message.get("refusal"));
        String content = text(message.get("content"));
        if (refusal != null || "content_filter".equals(text(choice.get("finish_reason")))) {
            throw PeerException.of(PeerException.Kind.INVALID_ANSWER, "refused");
        }
        boolean cutOff = "length".equals(text(choice.get("finish_reason")));
        return parser.parse(content, cutOff, name());
    }

    private String authorization() {
        return config.apiKey().filter(k -> !k.isBlank()).map(k -> "Bearer " + k).orElse(null);
    }

    private OpenAiRestClient client() {
        OpenAiRestClient c = rest;
        if (c == null) {
            synchronized (this) {
                if (rest == null) {
                    rest = AnalyzerGuards.build(OpenAiRestClient.class, baseUri(), config.timeout());
                }
                c = rest;
            }
        }
        return c;
    }

    /** The server's base URL; a trailing {@code /v1} (as OpenAI and Ollama document it) is accepted too. */
    private URI baseUri() {
        URI url = config.url().orElseThrow(() -> PeerException.of(PeerException.Kind.NOT_CONFIGURED, "not configured"));
        String s = url.toString().replaceAll("/+$", "");
        if (s.endsWith("/v1")) {
            s = s.substring(0, s.length() - 3);
        }
        return URI.create(s);
    }

    CallGuard guard() {
        return guard;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }
}
