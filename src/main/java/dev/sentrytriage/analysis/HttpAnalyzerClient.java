package dev.sentrytriage.analysis;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.IssueContext;

/**
 * The plain analyze contract: posts the scrubbed issue context (as stored on the incident, camel case) to
 * {@code triage.analyzer.url} and reads {@code {root_cause, impact, fix_suggestion, prevention, confidence,
 * analyzed_by}} as untrusted text. Bounded by the same {@link CallGuard} rules as the OpenAI client.
 */
@ApplicationScoped
public class HttpAnalyzerClient {

    /** What {@code analyzed_by} says when the answer names no analyzer. */
    public static final String NAME = "http";

    private final TriageConfig.Analyzer config;
    private final HttpAnalyzerRestClient rest;
    private final AnswerParser parser;
    private final CallGuard guard;

    public HttpAnalyzerClient(TriageConfig config, @RestClient HttpAnalyzerRestClient rest, ObjectMapper mapper,
            Clock clock) {
        this.config = config.analyzer();
        this.rest = rest;
        this.parser = new AnswerParser(mapper);
        this.guard = CallGuard.analyzer(NAME, this.config, clock);
    }

    /** The analysis of a scrubbed context; throws {@link PeerException} when there is none. */
    public Analysis analyze(IssueContext scrubbed) {
        if (config.url().isEmpty()) {
            throw PeerException.of(PeerException.Kind.NOT_CONFIGURED, "not configured");
        }
        String authorization = config.apiKey().filter(k -> !k.isBlank()).map(k -> "Bearer " + k).orElse(null);
        return guard.call(() -> {
            JsonNode answer;
            try {
                answer = rest.analyze(authorization, scrubbed);
            } catch (ProcessingException e) {
                throw PeerErrors.fromProcessing(e);
            }
            if (answer == null || !answer.isObject()) {
                throw PeerException.of(PeerException.Kind.INVALID_ANSWER, "answer not a JSON object");
            }
            JsonNode by = answer.get("analyzed_by");
            boolean named = by != null && by.isTextual() && !by.asText().isBlank();
            String analyzedBy = named ? NAME + ":" + by.asText() : NAME;
            return parser.fromJson(answer, analyzedBy);
        });
    }

    CallGuard guard() {
        return guard;
    }
}
