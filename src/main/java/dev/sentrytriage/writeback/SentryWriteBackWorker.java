package dev.sentrytriage.writeback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.infra.Backoff;
import dev.sentrytriage.infra.SignalledLoop;
import dev.sentrytriage.text.LogSafe;
import dev.sentrytriage.writeback.SentryIssueRestClient.IssueUpdate;
import dev.sentrytriage.writeback.SentryIssueRestClient.StatusDetails;
import dev.sentrytriage.writeback.SyncClaims.Claim;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Sends due write-backs to Sentry's API in a background thread that wakes when one is stored
 * ({@link SentryWriteBack}) and at least every worker sweep. A 429 waits its {@code Retry-After}, a 5xx or timeout
 * the doubling backoff, each written as the row's next try (never slept); after {@code write-back-attempts} tries the
 * row is DEAD with the reason; a 4xx is FAILED at once. Tests call {@link #pass()} directly.
 */
@ApplicationScoped
public class SentryWriteBackWorker {

    private static final Logger LOG = Logger.getLogger(SentryWriteBackWorker.class);
    private static final int BATCH = 20;
    private static final int MAX_ROUNDS = 50;

    private final SyncClaims claims;
    private final SentryIssueRestClient sentry;
    private final SentryWriteBack writeBack;
    private final TriageConfig.Sentry config;
    private final Clock clock;
    private final MeterRegistry meters;
    private final boolean workerEnabled;
    private final Duration stopTimeout;
    private final SignalledLoop loop;

    public SentryWriteBackWorker(SyncClaims claims, @RestClient SentryIssueRestClient sentry, SentryWriteBack writeBack,
            TriageConfig config, Clock clock, MeterRegistry meters) {
        this.claims = claims;
        this.sentry = sentry;
        this.writeBack = writeBack;
        this.config = config.sentry();
        this.clock = clock;
        this.meters = meters;
        this.workerEnabled = config.worker().enabled();
        this.stopTimeout = config.stopTimeout();
        this.loop = new SignalledLoop("sentry-write-back", writeBack.signal(), config.worker().sweepEvery(), this::pass);
    }

    void start(@Observes StartupEvent event) {
        if (config.writeBack() && !writeBack.enabled()) {
            LOG.warn("TRIAGE_SENTRY_WRITE_BACK=true but TRIAGE_SENTRY_API_TOKEN is not set: nothing is written back");
        }
        if (writeBack.enabled() && workerEnabled) {
            loop.start(1);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        loop.stop(stopTimeout);
    }

    /** Sends every due write-back; returns how many reached a final outcome (synced, failed, dead). */
    public int pass() {
        if (!writeBack.enabled()) {
            return 0;
        }
        int done = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Claim> batch = claims.claim(BATCH, config.writeBackLease());
            if (batch.isEmpty()) {
                break;
            }
            for (Claim claim : batch) {
                if (send(claim)) {
                    done++;
                }
            }
        }
        return done;
    }

    private boolean send(Claim claim) {
        String auth = "Bearer " + config.apiToken().orElse("");
        try {
            sentry.update(auth, claim.org(), claim.issueId(), body(claim));
            count("synced");
            return claims.finish(claim, SyncState.SYNCED, shown(claim));
        } catch (SentryWriteException e) {
            return failed(claim, e.reason(), e.retryable(), e.status() == 429 ? e.retryAfter() : null);
        } catch (ProcessingException e) {
            return failed(claim, "unreachable or timed out", true, null);
        } catch (RuntimeException e) {
            // database trouble while recording: the lease runs out and the write-back is claimed again
            LOG.warnf("incident %d: write-back to Sentry not recorded, retried after the lease: %s",
                    claim.incidentId(), LogSafe.error(e));
            return false;
        }
    }

    private boolean failed(Claim claim, String reason, boolean retryable, Duration retryAfter) {
        if (loop.stopping()) {
            return false; // most likely the shutdown's interrupt: the lease runs out
        }
        if (retryable && claim.attempts() < config.writeBackAttempts()) {
            Duration wait = retryAfter != null ? retryAfter
                    : new Backoff(config.writeBackBackoff(), config.writeBackMaxBackoff()).after(claim.attempts());
            Instant at = clock.instant().plus(wait);
            LOG.infof("incident %d: write-back to Sentry failed (%s), try %d of %d, next at %s", claim.incidentId(),
                    LogSafe.value(reason), claim.attempts(), config.writeBackAttempts(), at);
            claims.retryAt(claim, at, reason);
            count("retried");
            return false;
        }
        SyncState state = retryable ? SyncState.DEAD : SyncState.FAILED;
        LOG.warnf("incident %d: write-back to Sentry %s after %d try(s): %s", claim.incidentId(), state,
                claim.attempts(), LogSafe.value(reason));
        count(state.name().toLowerCase());
        return claims.finish(claim, state, reason);
    }

    /** The request body for the claimed target. */
    private static IssueUpdate body(Claim claim) {
        if (!"ignored".equals(claim.target())) {
            return new IssueUpdate(claim.target(), null, null);
        }
        return claim.ignoreMinutes() == null
                ? new IssueUpdate("ignored", "archived_until_escalating", new StatusDetails(null))
                : new IssueUpdate("ignored", "archived_until_condition_met", new StatusDetails(claim.ignoreMinutes()));
    }

    /** What the incident shows once Sentry took it. */
    private static String shown(Claim claim) {
        if (!"ignored".equals(claim.target())) {
            return claim.target();
        }
        return claim.ignoreMinutes() == null ? "archived until escalating"
                : "ignored for " + claim.ignoreMinutes() + " min";
    }

    /** Outcomes on {@code /q/metrics} as {@code triage_sentry_write_backs_total{outcome=...}}. */
    private void count(String outcome) {
        meters.counter("triage.sentry.write.backs", "outcome", outcome).increment();
    }
}
