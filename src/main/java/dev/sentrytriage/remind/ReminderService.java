package dev.sentrytriage.remind;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.infra.Rows;
import dev.sentrytriage.notify.Outbox;

/**
 * Writes the reminders (and escalations) that are due as outbox rows the Telegram sender sends, paced like the rest.
 * Due reminder rows are claimed with {@code FOR UPDATE SKIP LOCKED} and moved on in the same transaction that writes
 * their notification, so with several replicas each reminder is written once, and a restart loses none.
 */
@ApplicationScoped
public class ReminderService {

    private static final int MAX_ROUNDS = 100;
    private static final String CLAIM = """
            select r.incident_id, r.sent, r.escalated, i.status, i.risk
            from reminder r join incident i on i.id = r.incident_id
            where r.due_at <= ?1
            order by r.due_at
            limit ?2
            for update of r skip locked""";

    /** A due reminder: its incident, how far it got, and the incident's status and risk now. */
    private record Due(long incidentId, int sent, boolean escalated, IncidentStatus status, Risk risk) {
    }

    private final EntityManager em;
    private final Outbox outbox;
    private final ReminderPolicy policy;
    private final Clock clock;
    private final int batchSize;

    public ReminderService(EntityManager em, Outbox outbox, ReminderPolicy policy, Clock clock, TriageConfig config) {
        this.em = em;
        this.outbox = outbox;
        this.policy = policy;
        this.clock = clock;
        this.batchSize = config.remind().batchSize();
    }

    /** Writes every reminder and escalation due now; returns how many. */
    public int pass() {
        if (!policy.enabled()) {
            return 0;
        }
        int written = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int batch = claim();
            written += batch;
            if (batch == 0) {
                break;
            }
        }
        return written;
    }

    /** Claims up to one batch of due reminder rows and writes their notifications; returns how many rows it took. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int claim() {
        Instant now = clock.instant();
        List<Due> due = Rows.as(em.createNativeQuery(CLAIM), r -> new Due(r.whole(0), r.integer(1), r.bool(2),
                r.name(3, IncidentStatus.class), r.name(4, Risk.class)))
                .setParameter(1, Timestamp.from(now)).setParameter(2, batchSize).getResultList();
        for (Due row : due) {
            long incidentId = row.incidentId();
            Risk risk = row.risk();
            if (row.status() != IncidentStatus.OPEN || !policy.reminds(risk)) {
                // left over from a change this service did not see (e.g. reminders switched on meanwhile)
                em.createNativeQuery("delete from reminder where incident_id = ?1").setParameter(1, incidentId)
                        .executeUpdate();
                continue;
            }
            ReminderPolicy.Step step = policy.due(risk, new ReminderPolicy.State(row.sent(), row.escalated()));
            if (step.write() != null) {
                outbox.standalone(incidentId, step.write(), now);
            }
            em.createNativeQuery("""
                    update reminder set sent = ?2, escalated = ?3, due_at = cast(?4 as timestamptz)
                    where incident_id = ?1""")
                    .setParameter(1, incidentId).setParameter(2, step.after().sent())
                    .setParameter(3, step.after().escalated())
                    .setParameter(4, step.more() ? Timestamp.from(now.plus(policy.interval(risk))) : null)
                    .executeUpdate();
        }
        return due.size();
    }
}
