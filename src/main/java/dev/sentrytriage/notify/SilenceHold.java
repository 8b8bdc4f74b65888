package dev.sentrytriage.notify;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.infra.SqlTime;
import dev.sentrytriage.infra.WorkSignals;
import dev.sentrytriage.notify.NotificationClaims.Batch;
import dev.sentrytriage.silence.SilenceService;
import dev.sentrytriage.silence.SilencesChanged;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Holds the messages of silenced incidents. While a silence matches, a claimed batch goes back as one pending row due
 * when the silence ends (further changes of the incident merge into it, as for any waiting row). When it is due and
 * no silence holds it any more, it is sent, as one message or edit, only if the incident is still open and fired
 * since the silence began; otherwise it is finished as {@link NotificationStatus#SILENCED}. An expired silence
 * brings what it held forward, due once every replica has read the change.
 */
@ApplicationScoped
public class SilenceHold {

    private static final Logger LOG = Logger.getLogger(SilenceHold.class);

    private final SilenceService silences;
    private final NotificationClaims claims;
    private final EntityManager em;
    private final WorkSignals signals;
    private final MeterRegistry meters;

    public SilenceHold(SilenceService silences, NotificationClaims claims, EntityManager em, WorkSignals signals,
            MeterRegistry meters) {
        this.meters = meters;
        this.silences = silences;
        this.claims = claims;
        this.em = em;
        this.signals = signals;
    }

    /**
     * Handles a batch a silence holds or held: empty when it may be sent now; else it was put back until its silence
     * ends (the time returned), or finished without a message because the incident stopped firing ({@code now}).
     */
    Optional<Instant> held(Batch batch, Incident incident, Instant now) {
        Optional<SilenceService.Hold> hold = silences.hold(incident, now);
        if (hold.isPresent()) {
            claims.hold(batch, hold.get().until(), hold.get().since());
            meters.counter("triage.telegram.sends", "outcome", "held").increment();
            return Optional.of(hold.get().until());
        }
        Instant since = heldSince(batch);
        if (since != null && !(incident.status == IncidentStatus.OPEN && incident.lastSeen != null
                && !incident.lastSeen.isBefore(since))) {
            LOG.infof("incident %d: silence over, incident not firing since it began: nothing sent", batch.incidentId());
            claims.finish(batch, NotificationStatus.SILENCED, null, null, null);
            meters.counter("triage.telegram.sends", "outcome", "silenced").increment();
            return Optional.of(now);
        }
        return Optional.empty();
    }

    /** When the silences that held this batch began; null when none held it. */
    private Instant heldSince(Batch batch) {
        Object since = QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("select min(held_since) from notification where id in (?1)")
                .setParameter(1, batch.ids()).getSingleResult());
        return since == null ? null : SqlTime.instant(since);
    }

    /** A silence changed: held rows due later are looked at again once every replica has read the change. */
    void on(@Observes SilencesChanged changed) {
        int rows = em.createNativeQuery("""
                update notification set next_attempt_at = ?1
                where status = 'PENDING' and held_since is not null and next_attempt_at > ?1""")
                .setParameter(1, Timestamp.from(changed.recheckAt())).executeUpdate();
        if (rows > 0) {
            signals.afterCommit(signals.notifications());
        }
    }
}
