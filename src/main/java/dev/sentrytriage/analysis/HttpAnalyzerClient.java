package dev.sentrytriage.analysis;

import java.net.URI;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

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
    private final ObjectMapper mapper;
    private final AnswerParser parser;
    private final CallGuard guard;
    private volatile HttpAnalyzerRestClient rest;

    public HttpAnalyzerClient(TriageConfig config, ObjectMapper mapper, Clock clock) {
        this.config = config.analyzer();
        this.mapper = mapper;
        this.parser = new AnswerParser(mapper);
        this.guard = AnalyzerGuards.analyzer(NAME, this.config, clock);
    }

    /** The analysis of a scrubbed context; throws {@link PeerException} when there is none. */
    public Analysis analyze(IssueContext scrubbed) {
        HttpAnalyzerRestClient client = client();
        JsonNode body = mapper.valueToTree(scrubbed);
        String authorization = config.apiKey().filter(k -> !k.isBlank()).map(k -> "Bearer " + k).orElse(null);
        return guard.call(() -> {
            JsonNode answer;
            try {
                answer = client.analyze(authorization, body);
            } catch (ProcessingException e) {
                throw PeerErrors.fromProcessing(e);
            }
            if (answer == null || !answer.isObject()) {
                throw PeerException.of(PeerException.Kind.INVALID_ANSWER, "answer not a JSON object");
            }
            JsonNode by = answer.get("analyzed_by");
            String analyzedBy = by != null && by.isTextual() && !by.asText().isBlank() ? NAME + ":" + by.asText() : NAME;
            return parser.fromJson(answer, analyzedBy);
        });
    }

    private HttpAnalyzerRestClient client() {
        HttpAnalyzerRestClient c = rest;
        if (c == null) {
            synchronized (this) {
                if (rest == null) {
                    URI url = config.url()
                            .orElseThrow(() -> PeerException.of(PeerException.Kind.NOT_CONFIGURED, "not configured"));
                    rest = AnalyzerGuards.build(HttpAnalyzerRestClient.class, url, config.timeout());
                }
                c = rest;
            }
        }
        return c;
    }

    CallGuard guard() {
        return guard;
    }
}
