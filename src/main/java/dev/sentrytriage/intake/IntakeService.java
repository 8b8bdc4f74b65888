package dev.sentrytriage.intake;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.intake.IntakeOutcome.Kind;
import dev.sentrytriage.sentry.SentryResource;
import dev.sentrytriage.worker.WorkSignal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * Everything that must happen before Sentry gets its answer, and nothing more: size, signature, JSON
 * well-formedness, the shape its resource needs, one durable insert. Parsing the issue happens later, in the worker.
 */
@ApplicationScoped
@Startup // created at start, so its outcome counters are exported (as 0) before the first webhook
public class IntakeService {

    private static final Logger LOG = Logger.getLogger(IntakeService.class);

    private final SignatureVerifier verifier;
    private final DeliveryInbox inbox;
    private final WorkSignal signal;
    private final ObjectMapper mapper;
    private final long maxBodyBytes;
    private final Map<Kind, Counter> outcomes = new EnumMap<>(Kind.class);
    private final Map<Kind, Timer> latency = new EnumMap<>(Kind.class);

    public IntakeService(SignatureVerifier verifier, DeliveryInbox inbox, WorkSignal signal, ObjectMapper mapper,
            TriageConfig config, MeterRegistry registry) {
        this.verifier = verifier;
        this.inbox = inbox;
        this.signal = signal;
        this.mapper = mapper;
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

    /** Verifies and stores one webhook request; the outcome says what to answer. Counted and timed by outcome. */
    public IntakeOutcome receive(Delivery delivery, String signature) {
        long start = System.nanoTime();
        IntakeOutcome outcome = decide(delivery, signature);
        outcomes.get(outcome.kind()).increment();
        latency.get(outcome.kind()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return outcome;
    }

    private IntakeOutcome decide(Delivery delivery, String signature) {
        byte[] body = delivery.body() == null ? new byte[0] : delivery.body();
        if (body.length > maxBodyBytes) {
            return log(IntakeOutcome.of(Kind.TOO_LARGE, null, "body over " + maxBodyBytes + " bytes"), delivery, null);
        }
        if (!verifier.configured()) {
            return log(IntakeOutcome.of(Kind.NO_SECRET, null, "invalid signature"), delivery, null);
        }
        if (!verifier.verify(body, signature)) {
            return log(IntakeOutcome.of(Kind.BAD_SIGNATURE, null, "invalid signature"), delivery, null);
        }
        SentryResource resource = SentryResource.fromHeader(delivery.resource());
        JsonNode payload;
        try {
            payload = mapper.readTree(body);
        } catch (IOException e) {
            payload = null;
        }
        if (payload == null || !payload.isObject()) {
            return reject(delivery, "body is not a JSON object");
        }
        String missing = resource.missingPart(payload);
        if (missing != null) {
            return reject(delivery, missing);
        }
        JsonNode action = payload.get("action");
        Delivery withAction = new Delivery(delivery.resource() == null ? "unknown" : delivery.resource(),
                action != null && action.isTextual() ? action.asText() : null,
                delivery.requestId(), delivery.hookTimestamp(), body);
        DeliveryStatus status = resource.triaged() ? DeliveryStatus.PENDING : DeliveryStatus.IGNORED;
        try {
            StoredDelivery stored = inbox.store(withAction, status, resource.triaged() ? null : "resource not triaged");
            if (stored.duplicate()) {
                if (stored.status() == DeliveryStatus.REJECTED) {
                    return log(IntakeOutcome.of(Kind.INVALID, stored.id(), "rejected before"), withAction, payload);
                }
                return log(IntakeOutcome.of(Kind.DUPLICATE, stored.id(), "already received"), withAction, payload);
            }
            if (status == DeliveryStatus.PENDING) {
                signal.wake();
            }
            return log(IntakeOutcome.of(resource.triaged() ? Kind.ACCEPTED : Kind.IGNORED, stored.id(), null),
                    withAction, payload);
        } catch (SQLException | RuntimeException e) {
            return unavailable(delivery, e);
        }
    }

    private IntakeOutcome reject(Delivery delivery, String reason) {
        try {
            StoredDelivery stored = inbox.store(delivery, DeliveryStatus.REJECTED, reason);
            return log(IntakeOutcome.of(Kind.INVALID, stored.id(), reason), delivery, null);
        } catch (SQLException | RuntimeException e) {
            return unavailable(delivery, e);
        }
    }

    private IntakeOutcome unavailable(Delivery delivery, Exception e) {
        // the cause names the database problem, never the body or a secret
        LOG.warnf("Delivery not stored (resource=%s, request=%s): %s", safe(delivery.resource()), safe(delivery.requestId()),
                e.getMessage());
        return log(IntakeOutcome.of(Kind.UNAVAILABLE, null, "storage unavailable"), delivery, null);
    }

    private IntakeOutcome log(IntakeOutcome outcome, Delivery delivery, JsonNode payload) {
        String issueId = payload == null ? null : SentryResource.fromHeader(delivery.resource()).issueId(payload);
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
        String oneLine = value.replaceAll("[^\\x21-\\x7e]", "?");
        return oneLine.length() > 80 ? oneLine.substring(0, 80) + "..." : oneLine;
    }
}
