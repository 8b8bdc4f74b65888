package dev.sentrytriage.intake;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.infra.WorkSignals;
import dev.sentrytriage.intake.IntakeOutcome.Kind;
import dev.sentrytriage.source.Inspection;
import dev.sentrytriage.source.Inspection.Verdict;
import dev.sentrytriage.source.Source;
import dev.sentrytriage.source.WebhookRequest;
import dev.sentrytriage.text.LogSafe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * Everything that must happen before a sender gets its answer, and nothing more: size, the source's signature check
 * over the raw bytes, its cheap well-formedness check (read as a stream, no tree), one durable insert. Parsing what
 * the body means happens later, in the worker. Source-neutral: each {@link Source} says how to verify and inspect.
 */
@ApplicationScoped
@Startup // created at start, so its outcome counters are exported (as 0) before the first webhook
public class IntakeService {

    private static final Logger LOG = Logger.getLogger(IntakeService.class);

    private final DeliveryInbox inbox;
    private final WorkSignals signals;
    private final long maxBodyBytes;
    private final Map<Kind, Counter> outcomes = new EnumMap<>(Kind.class);
    private final Map<Kind, Timer> latency = new EnumMap<>(Kind.class);

    public IntakeService(DeliveryInbox inbox, WorkSignals signals, TriageConfig config, MeterRegistry registry) {
        this.inbox = inbox;
        this.signals = signals;
        this.maxBodyBytes = config.intake().maxBodySize().asLongValue();
        for (Kind kind : Kind.values()) {
            outcomes.put(kind, Counter.builder("triage.deliveries").description("Webhook deliveries by outcome")
                    .tag("outcome", kind.label()).register(registry));
            latency.put(kind, Timer.builder("triage.intake").description("Time to verify, store and answer a webhook")
                    .tag("outcome", kind.label())
                    .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                            Duration.ofMillis(500), Duration.ofSeconds(1))
                    .register(registry));
        }
    }

    /**
     * Verifies and stores one webhook request; the outcome says what to answer, once the delivery is committed (or
     * refused). Checks run on the caller's thread; no thread waits for the commit, and what follows the commit
     * (log line, metrics, the answer) runs on {@code answerOn}, not on the writer that committed. Counted and timed
     * by outcome.
     */
    public CompletionStage<IntakeOutcome> receive(Source source, WebhookRequest request, Executor answerOn) {
        long start = System.nanoTime();
        return decide(source, request, answerOn).thenApply(outcome -> {
            outcomes.get(outcome.kind()).increment();
            latency.get(outcome.kind()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return outcome;
        });
    }

    private CompletionStage<IntakeOutcome> decide(Source source, WebhookRequest request, Executor answerOn) {
        byte[] body = request.body();
        // until verified, only what is needed for the log line: nothing of the body
        Delivery delivery = new Delivery(source.name(), null, null, source.requestId(request), null, body, body);
        if (body.length > maxBodyBytes) {
            return answered(IntakeOutcome.of(Kind.TOO_LARGE, null, "body over " + maxBodyBytes + " bytes"), delivery);
        }
        if (!source.configured()) {
            return answered(IntakeOutcome.of(Kind.NO_SECRET, null, "invalid signature"), delivery);
        }
        if (!source.verify(request)) {
            return answered(IntakeOutcome.of(Kind.BAD_SIGNATURE, null, "invalid signature"), delivery);
        }
        Inspection inspection = source.inspect(request);
        Delivery verified = new Delivery(source.name(), inspection.resource() == null ? "unknown" : inspection.resource(),
                inspection.action(), delivery.requestId(), source.hookTimestamp(request), body,
                source.digestInput(request, inspection));
        if (inspection.verdict() == Verdict.REJECT) {
            return reject(verified, inspection.reason(), answerOn);
        }
        String key = inspection.key();
        boolean triaged = inspection.verdict() == Verdict.ACCEPT;
        DeliveryStatus status = triaged ? DeliveryStatus.PENDING : DeliveryStatus.IGNORED;
        return inbox.store(verified, status, triaged ? null : inspection.reason()).handleAsync((stored, e) -> {
            if (e != null) {
                return unavailable(verified, e);
            }
            if (stored.status() == DeliveryStatus.REJECTED) { // before, or now: the database refused its values
                return log(IntakeOutcome.of(Kind.INVALID, stored.id(), stored.duplicate() ? "rejected before"
                        : "refused by the database as sent"), verified, key);
            }
            if (stored.duplicate()) {
                return log(IntakeOutcome.of(Kind.DUPLICATE, stored.id(), "already received"), verified, key);
            }
            if (status == DeliveryStatus.PENDING) {
                signals.deliveries().wake();
            }
            return log(IntakeOutcome.of(triaged ? Kind.ACCEPTED : Kind.IGNORED, stored.id(), null), verified, key);
        }, answerOn);
    }

    private CompletionStage<IntakeOutcome> reject(Delivery delivery, String reason, Executor answerOn) {
        return inbox.store(delivery, DeliveryStatus.REJECTED, reason).handleAsync((stored, e) -> e != null
                ? unavailable(delivery, e)
                : log(IntakeOutcome.of(Kind.INVALID, stored.id(), reason), delivery, null), answerOn);
    }

    private CompletionStage<IntakeOutcome> answered(IntakeOutcome outcome, Delivery delivery) {
        return CompletableFuture.completedFuture(log(outcome, delivery, null));
    }

    private IntakeOutcome unavailable(Delivery delivery, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        // the cause names the database problem, never the body or a secret
        LOG.warnf("Delivery not stored (source=%s, resource=%s, request=%s): %s", delivery.source(),
                LogSafe.value(delivery.resource()), LogSafe.value(delivery.requestId()), LogSafe.error(cause));
        return log(IntakeOutcome.of(Kind.UNAVAILABLE, null, "storage unavailable"), delivery, null);
    }

    private IntakeOutcome log(IntakeOutcome outcome, Delivery delivery, String issueId) {
        // headers and payload ids are unsigned or outside input: LogSafe keeps them short and on one line
        LOG.infof("delivery %s: %s source=%s resource=%s action=%s issue=%s request=%s%s", outcome.kind().label(),
                outcome.deliveryId() == null ? "-" : outcome.deliveryId(), delivery.source(),
                LogSafe.value(delivery.resource()), LogSafe.value(delivery.action()), LogSafe.value(issueId), LogSafe.value(delivery.requestId()),
                outcome.reason() == null ? "" : " reason=" + outcome.reason());
        return outcome;
    }
}
