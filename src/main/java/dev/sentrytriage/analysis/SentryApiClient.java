package dev.sentrytriage.analysis;

import static dev.sentrytriage.sentry.SentryPayloadParser.firstNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import dev.sentrytriage.analysis.SentryApiRestClient.Entry;
import dev.sentrytriage.analysis.SentryApiRestClient.EntryData;
import dev.sentrytriage.analysis.SentryApiRestClient.EventTag;
import dev.sentrytriage.analysis.SentryApiRestClient.ExceptionValue;
import dev.sentrytriage.analysis.SentryApiRestClient.LatestEvent;
import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Frame;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Tag;
import dev.sentrytriage.sentry.SentryFrames;
import dev.sentrytriage.text.LogSafe;
import dev.sentrytriage.text.StoredText;

/**
 * Enriches an issue webhook's context (which has no stack trace) with the issue's latest event from Sentry's API,
 * when {@code triage.sentry.api-token} is set. Bounded by {@code triage.analyzer.enrich-timeout}, a circuit breaker and
 * no retries; any failure leaves the context as it was.
 */
@ApplicationScoped
public class SentryApiClient {

    private static final Logger LOG = Logger.getLogger(SentryApiClient.class);

    private final TriageConfig.Sentry sentry;
    private final SentryApiRestClient rest;
    private final CallGuard guard;

    public SentryApiClient(TriageConfig config, @RestClient SentryApiRestClient rest, Clock clock) {
        this.sentry = config.sentry();
        this.rest = rest;
        TriageConfig.Analyzer a = config.analyzer();
        this.guard = new CallGuard("sentry-api", clock, 0, Duration.ZERO, a.breakerFailures(), a.breakerDelay(),
                a.maxConcurrency(), a.enrichTimeout(), CallGuard.THREAD_SLEEP);
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
            String auth = "Bearer " + sentry.apiToken().get();
            LatestEvent event = guard.call(() -> {
                try {
                    return rest.latestEvent(auth, ctx.issueId());
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

    /** The context completed from the event, where the context has nothing of its own. */
    static IssueContext merge(IssueContext c, LatestEvent event) {
        if (event == null) {
            return c;
        }
        ExceptionValue exception = null;
        String message = null;
        for (Entry entry : list(event.entries())) {
            EntryData data = entry == null || entry.data() == null ? EntryData.NONE : entry.data();
            if ("exception".equals(entry == null ? null : entry.type())) {
                List<ExceptionValue> values = list(data.values());
                exception = values.isEmpty() ? null : values.get(values.size() - 1);
            } else if ("message".equals(entry == null ? null : entry.type())) {
                message = text(data.formatted());
            }
        }
        List<Tag> tags = new ArrayList<>();
        for (EventTag t : list(event.tags())) {
            String key = t == null ? null : text(t.key());
            if (key != null) {
                tags.add(new Tag(key, text(t.value())));
            }
        }
        List<Frame> frames = exception == null || exception.stacktrace() == null ? List.of()
                : SentryFrames.top(exception.stacktrace().frames());
        String release = firstNonNull(event.release() == null ? null : text(event.release().version()),
                tag(tags, "release"));
        return c.toBuilder()
                .culprit(firstNonNull(c.culprit(), text(event.culprit())))
                .environment(firstNonNull(c.environment(), tag(tags, "environment")))
                .release(firstNonNull(c.release(), release))
                .platform(firstNonNull(c.platform(), text(event.platform())))
                .message(firstNonNull(message, text(event.message()), c.message()))
                .exceptionType(firstNonNull(c.exceptionType(), exception == null ? null : text(exception.type())))
                .exceptionValue(firstNonNull(c.exceptionValue(), exception == null ? null : text(exception.value())))
                .tags(c.tags() == null || c.tags().isEmpty() ? List.copyOf(tags) : c.tags())
                .frames(frames.isEmpty() ? c.frames() : frames)
                .eventId(firstNonNull(c.eventId(), text(event.eventID())))
                .build();
    }

    private static String tag(List<Tag> tags, String key) {
        return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }

    /** Outside text as the webhook parser keeps it: cleaned, cut, null when blank. */
    private static String text(String s) {
        return StoredText.clean(s, StoredText.MAX_TEXT);
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }

    CallGuard guard() {
        return guard;
    }
}
