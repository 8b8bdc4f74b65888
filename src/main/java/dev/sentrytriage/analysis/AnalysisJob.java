package dev.sentrytriage.analysis;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.config.WorkerDisabled;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/** Picks up analyses left behind: an upgrade try that became due, an expired lease, a missed signal. */
@ApplicationScoped
public class AnalysisJob {

    private final AnalysisWorker worker;

    public AnalysisJob(AnalysisWorker worker) {
        this.worker = worker;
    }

    @Scheduled(identity = "analysis-sweep", every = "${triage.worker.sweep-every:5s}",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = WorkerDisabled.class)
    void sweep() {
        worker.drain();
    }
}
