package dev.sentrytriage.analysis;

import static dev.sentrytriage.sentry.SentryPayloadParser.firstNonNull;
import static dev.sentrytriage.sentry.SentryPayloadParser.text;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Frame;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Tag;
import dev.sentrytriage.sentry.SentryFrames;
import dev.sentrytriage.text.LogSafe;

/**
 * Enriches an issue webhook's context (which has no stack trace) with the issue's latest event from Sentry's API,
 * when {@code triage.sentry.api-token} is set. Bounded by {@code triage.analyzer.enrich-timeout}, a circuit breaker and
 * no retries; any failure leaves the context as it was.
 */
@ApplicationScoped
public class SentryApiClient {

    private static final Logger LOG = Logger.getLogger(SentryApiClient.class);

    private final TriageConfig.Sentry sentry;
    private final Duration timeout;
    private final CallGuard guard;
    private volatile SentryApiRestClient rest;

    public SentryApiClient(TriageConfig config, Clock clock) {
        this.sentry = config.sentry();
        this.timeout = config.analyzer().enrichTimeout();
        TriageConfig.Analyzer a = config.analyzer();
        this.guard = new CallGuard("sentry-api", clock, 0, Duration.ZERO, a.breakerFailures(), a.breakerDelay(),
                a.maxConcurrency(), timeout, CallGuard.THREAD_SLEEP);
    }

    /** Whether enrichment is configured at all. */
    public boolean enabled() {
        return sentry.apiToken().filter(t -> !t.isBlank()).isPresent();
    }

    /** The context with the latest event's frames, tags and message added where it had none; as it was on failure. */
    public IssueContext enrich(IssueContext ctx) {
        if (!enabled() || ctx.hasFrames() || ctx.issueId() == null || !IssueContext.SOURCE_ISSUE.equals(ctx.source())) {
            return ctx;
        }
        try {
            SentryApiRestClient client = client();
            String auth = "Bearer " + sentry.apiToken().get();
            JsonNode event = guard.call(() -> {
                try {
                    return client.latestEvent(auth, ctx.issueId());
                } catch (ProcessingException e) {
                    throw PeerErrors.fromProcessing(e);
                }
            });
            return merge(ctx, event);
        } catch (PeerException e) {
            LOG.infof("incident of Sentry issue %s: latest event not fetched (%s), analysing without it",
                    LogSafe.value(ctx.issueId()),
                    e.reason());
            return ctx;
        } catch (RuntimeException e) {
            LOG.infof("incident of Sentry issue %s: latest event unreadable (%s), analysing without it",
                    LogSafe.value(ctx.issueId()),
                    e.getClass().getSimpleName());
            return ctx;
        }
    }

    /** The context completed from an event as Sentry's API returns it ({@code entries}, {@code tags} as key/value). */
    static IssueContext merge(IssueContext c, JsonNode event) {
        if (event == null || !event.isObject()) {
            return c;
        }
        JsonNode exception = null;
        String message = null;
        for (JsonNode entry : event.path("entries")) {
            String type = entry.path("type").asText();
            if ("exception".equals(type)) {
                JsonNode values = entry.path("data").path("values");
                exception = values.isArray() && !values.isEmpty() ? values.get(values.size() - 1) : null;
            } else if ("message".equals(type)) {
                message = text(entry.path("data").get("formatted"));
            }
        }
        List<Tag> tags = new ArrayList<>();
        for (JsonNode t : event.path("tags")) {
            String key = text(t.get("key"));
            if (key != null) {
                tags.add(new Tag(key, text(t.get("value"))));
            }
        }
        List<Frame> frames = exception == null ? List.of() : SentryFrames.top(exception.path("stacktrace").path("frames"));
        String environment = tags.stream().filter(t -> "environment".equals(t.key())).map(Tag::value).findFirst()
                .orElse(null);
        String release = Optional.ofNullable(text(event.path("release").get("version")))
                .orElse(tags.stream().filter(t -> "release".equals(t.key())).map(Tag::value).findFirst().orElse(null));
        return c.toBuilder()
                .culprit(firstNonNull(c.culprit(), text(event.get("culprit"))))
                .environment(firstNonNull(c.environment(), environment))
                .release(firstNonNull(c.release(), release))
                .platform(firstNonNull(c.platform(), text(event.get("platform"))))
                .message(firstNonNull(message, text(event.get("message")), c.message()))
                .exceptionType(firstNonNull(c.exceptionType(), exception == null ? null : text(exception.get("type"))))
                .exceptionValue(firstNonNull(c.exceptionValue(), exception == null ? null : text(exception.get("value"))))
                .tags(c.tags() == null || c.tags().isEmpty() ? List.copyOf(tags) : c.tags())
                .frames(frames.isEmpty() ? c.frames() : frames)
                .eventId(firstNonNull(c.eventId(), text(event.get("eventID"))))
                .build();
    }

    private SentryApiRestClient client() {
        SentryApiRestClient c = rest;
        if (c == null) {
            synchronized (this) {
                if (rest == null) {
                    rest = AnalyzerGuards.build(SentryApiRestClient.class, sentry.apiUrl(), timeout);
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
