package dev.sentrytriage.worker;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.worker.DeliveryClaims.Claim;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Drains the delivery inbox. Worker threads wake at once on {@link WorkSignal}; {@link DeliverySweepJob} calls
 * {@link #drain()} on a schedule for whatever was left behind. Tests call {@link #drain()} directly.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    private final DeliveryClaims claims;
    private final DeliveryProcessor processor;
    private final TriageConfig.Worker config;
    private final SignalledLoop loop;

    public DeliveryWorker(DeliveryClaims claims, DeliveryProcessor processor, WorkSignal signal, TriageConfig config) {
        this.claims = claims;
        this.processor = processor;
        this.config = config.worker();
        this.loop = new SignalledLoop("delivery-worker", signal, this.config.sweepEvery(), this::drain);
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            loop.start(config.threads());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        loop.stop();
    }

    /** Claims and processes due deliveries until none is left; returns how many were applied. */
    public int drain() {
        int applied = 0;
        while (true) {
            Claim claim = claims.claim();
            if (claim.ids().isEmpty()) {
                return applied;
            }
            for (UUID id : claim.ids()) {
                if (processOne(id, claim.leaseToken())) {
                    applied++;
                }
            }
        }
    }

    private boolean processOne(UUID id, UUID leaseToken) {
        try {
            Long incidentId = processor.process(id, leaseToken);
            if (incidentId == null) {
                LOG.debugf("delivery %s: lease lost, left to its new owner", id);
                return false;
            }
            LOG.debugf("delivery %s: applied to incident %d", id, incidentId);
            return true;
        } catch (Exception e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warnf("delivery %s: processing failed, will retry: %s", id, reason);
            claims.release(id, leaseToken, reason);
            return false;
        }
    }

}
