package dev.sentrytriage.worker;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.config.WorkerDisabled;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/** Picks up deliveries left behind: a crashed worker's, a retry that became due, a wake-up missed. */
@ApplicationScoped
public class DeliverySweepJob {

    private final DeliveryWorker worker;

    public DeliverySweepJob(DeliveryWorker worker) {
        this.worker = worker;
    }

    @Scheduled(identity = "delivery-sweep", every = "${triage.worker.sweep-every:5s}", concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = WorkerDisabled.class)
    void sweep() {
        worker.drain();
    }
}
