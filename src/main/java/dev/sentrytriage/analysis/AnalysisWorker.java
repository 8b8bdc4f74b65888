package dev.sentrytriage.analysis;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.config.TriageConfig.AnalyzerKind;
import dev.sentrytriage.infra.SignalledLoop;
import dev.sentrytriage.infra.WorkSignals;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Analyses incidents whose analysis is due, in background threads that wake on {@link WorkSignals#analysis()} (an
 * analysis became due) and at least every sweep period; {@link AnalysisJob} calls {@link #drain()} on a schedule.
 * After storing an analysis it wakes the Telegram sender, so the waiting message goes at once. Tests call
 * {@link #drain()} directly.
 */
@ApplicationScoped
public class AnalysisWorker {

    private static final Logger LOG = Logger.getLogger(AnalysisWorker.class);

    private final AnalysisClaims claims;
    private final AnalysisService service;
    private final WorkSignals signals;
    private final TriageConfig config;
    private final SignalledLoop loop;

    public AnalysisWorker(AnalysisClaims claims, AnalysisService service, WorkSignals signals, TriageConfig config) {
        this.claims = claims;
        this.service = service;
        this.signals = signals;
        this.config = config;
        this.loop = new SignalledLoop("analysis-worker", signals.analysis(), config.worker().sweepEvery(), this::drain);
    }

    void start(@Observes StartupEvent event) {
        AnalyzerKind kind = config.analyzer().kind();
        if (kind != AnalyzerKind.heuristic && config.analyzer().url().isEmpty()) {
            LOG.warnf("TRIAGE_ANALYZER_KIND=%s but TRIAGE_ANALYZER_URL is not set: every incident gets the heuristic "
                    + "analysis", kind);
        }
        if (config.worker().enabled()) {
            loop.start(config.analyzer().threads());
        }
    }

    /** Cancels analyses in flight (their leases run out and another process takes them) and stops the threads. */
    void stop(@Observes ShutdownEvent event) {
        service.cancelInFlight();
        loop.stop(config.stopTimeout());
    }

    /** Analyses due incidents until none is left; returns how many analyses were stored. */
    public int drain() {
        int stored = 0;
        while (true) {
            List<AnalysisClaims.Claim> claimed = claims.claim(service.lease(), service.claimSize());
            if (claimed.isEmpty()) {
                return stored;
            }
            int now = service.analyze(claimed);
            if (now > 0) {
                stored += now;
                signals.notifications().wake(); // the messages waiting for these analyses can go now
            }
            if (now < claimed.size()) {
                LOG.debugf("%d of %d analyses: lease lost, left to the new owner", claimed.size() - now,
                        claimed.size());
            }
        }
    }
}
