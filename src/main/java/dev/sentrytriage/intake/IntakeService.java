package dev.sentrytriage.intake;

import java.io.IOException;
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

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.intake.IntakeOutcome.Kind;
import dev.sentrytriage.sentry.SentryResource;
import dev.sentrytriage.sentry.SentryResource.Envelope;
import dev.sentrytriage.text.LogSafe;
import dev.sentrytriage.worker.WorkSignals;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * Everything that must happen before Sentry gets its answer, and nothing more: size, signature, JSON
 * well-formedness (read as a stream, no tree), the shape its resource needs, one durable insert. Parsing the issue
 * happens later, in the worker.
 */
@ApplicationScoped
@Startup // created at start, so its outcome counters are exported (as 0) before the first webhook
public class IntakeService {

    private static final Logger LOG = Logger.getLogger(IntakeService.class);

    private final SignatureVerifier verifier;
    private final DeliveryInbox inbox;
    private final WorkSignals signals;
    private final JsonFactory json;
    private final long maxBodyBytes;
    private final Map<Kind, Counter> outcomes = new EnumMap<>(Kind.class);
    private final Map<Kind, Timer> latency = new EnumMap<>(Kind.class);

    public IntakeService(SignatureVerifier verifier, DeliveryInbox inbox, WorkSignals signals, ObjectMapper mapper,
            TriageConfig config, MeterRegistry registry) {
        this.verifier = verifier;
        this.inbox = inbox;
        this.signals = signals;
        this.json = mapper.getFactory();
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
    public CompletionStage<IntakeOutcome> receive(Delivery delivery, String signature, Executor answerOn) {
        long start = System.nanoTime();
        return decide(delivery, signature, answerOn).thenApply(outcome -> {
            outcomes.get(outcome.kind()).increment();
            latency.get(outcome.kind()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return outcome;
        });
    }

    private CompletionStage<IntakeOutcome> decide(Delivery delivery, String signature, Executor answerOn) {
        byte[] body = delivery.body() == null ? new byte[0] : delivery.body();
        if (body.length > maxBodyBytes) {
            return answered(IntakeOutcome.of(Kind.TOO_LARGE, null, "body over " + maxBodyBytes + " bytes"), delivery);
        }
        if (!verifier.configured()) {
            return answered(IntakeOutcome.of(Kind.NO_SECRET, null, "invalid signature"), delivery);
        }
        if (!verifier.verify(body, signature)) {
            return answered(IntakeOutcome.of(Kind.BAD_SIGNATURE, null, "invalid signature"), delivery);
        }
        SentryResource resource = SentryResource.fromHeader(delivery.resource());
        Envelope envelope;
        try (JsonParser parser = json.createParser(SentryResource.decode(body))) {
            envelope = resource.inspect(parser);
        } catch (IOException e) {
            envelope = new Envelope(null, null, "body is not a JSON object");
        }
        if (envelope.missing() != null) {
            return reject(delivery, envelope.missing(), answerOn);
        }
        Delivery withAction = new Delivery(delivery.resource() == null ? "unknown" : delivery.resource(),
                envelope.action(), delivery.requestId(), delivery.hookTimestamp(), body);
        String issueId = envelope.issueId();
        DeliveryStatus status = resource.triaged() ? DeliveryStatus.PENDING : DeliveryStatus.IGNORED;
        String reason = resource.triaged() ? null : "resource not triaged";
        return inbox.store(withAction, status, reason).handleAsync((stored, e) -> {
            if (e != null) {
                return unavailable(delivery, e);
            }
            if (stored.status() == DeliveryStatus.REJECTED) { // before, or now: the database refused its values
                return log(IntakeOutcome.of(Kind.INVALID, stored.id(), stored.duplicate() ? "rejected before"
                        : "refused by the database as sent"), withAction, issueId);
            }
            if (stored.duplicate()) {
                return log(IntakeOutcome.of(Kind.DUPLICATE, stored.id(), "already received"), withAction, issueId);
            }
            if (status == DeliveryStatus.PENDING) {
                signals.deliveries().wake();
            }
            return log(IntakeOutcome.of(resource.triaged() ? Kind.ACCEPTED : Kind.IGNORED, stored.id(), null),
                    withAction, issueId);
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
        LOG.warnf("Delivery not stored (resource=%s, request=%s): %s", safe(delivery.resource()), safe(delivery.requestId()),
                LogSafe.error(cause));
        return log(IntakeOutcome.of(Kind.UNAVAILABLE, null, "storage unavailable"), delivery, null);
    }

    private IntakeOutcome log(IntakeOutcome outcome, Delivery delivery, String issueId) {
        LOG.infof("delivery %s: %s resource=%s action=%s issue=%s request=%s%s", outcome.kind().label(),
                outcome.deliveryId() == null ? "-" : outcome.deliveryId(), safe(delivery.resource()),
                safe(delivery.action()), safe(issueId), safe(delivery.requestId()),
                outcome.reason() == null ? "" : " reason=" + outcome.reason());
        return outcome;
    }

    /** Headers are unsigned input: logged short and on one line, so nobody can forge log lines through them. */
    static String safe(String value) {
        if (value == null) {
            return "-";
        }
        return LogSafe.value(value);
    }
}
