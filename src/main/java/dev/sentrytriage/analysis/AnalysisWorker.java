package dev.sentrytriage.analysis;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.config.TriageConfig.AnalyzerKind;
import dev.sentrytriage.worker.SignalledLoop;
import dev.sentrytriage.worker.WorkSignal;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Analyses incidents whose analysis is due, in background threads that wake on {@link WorkSignal} (an incident was
 * stored) and at least every sweep period; {@link AnalysisJob} calls {@link #drain()} on a schedule. After storing an
 * analysis it rings the signal so the Telegram sender goes at once. Tests call {@link #drain()} directly.
 */
@ApplicationScoped
public class AnalysisWorker {

    private static final Logger LOG = Logger.getLogger(AnalysisWorker.class);

    private final AnalysisClaims claims;
    private final AnalysisService service;
    private final WorkSignal signal;
    private final TriageConfig config;
    private final SignalledLoop loop;

    public AnalysisWorker(AnalysisClaims claims, AnalysisService service, WorkSignal signal, TriageConfig config) {
        this.claims = claims;
        this.service = service;
        this.signal = signal;
        this.config = config;
        this.loop = new SignalledLoop("analysis-worker", signal, config.worker().sweepEvery(), this::drain);
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

    void stop(@Observes ShutdownEvent event) {
        loop.stop();
    }

    /** Analyses due incidents until none is left; returns how many analyses were stored. */
    public int drain() {
        int stored = 0;
        while (true) {
            Optional<AnalysisClaims.Claim> claim = claims.claim(service.lease());
            if (claim.isEmpty()) {
                return stored;
            }
            if (service.analyze(claim.get())) {
                stored++;
                signal.wake(); // the message waiting for this analysis can go now
            } else {
                LOG.debugf("incident %d: analysis lease lost, left to its new owner", claim.get().incidentId());
            }
        }
    }
}
