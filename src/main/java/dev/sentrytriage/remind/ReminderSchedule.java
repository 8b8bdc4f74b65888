package dev.sentrytriage.remind;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentChanged;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.IncidentsLocked;
import dev.sentrytriage.infra.Rows;
import dev.sentrytriage.infra.Statements;
import dev.sentrytriage.infra.TransactionLocal;

/**
 * Keeps each incident's reminder row in step with it, in the transaction that changed it: an open incident at or
 * above the minimum risk has one (a new episode starts its count again); one that was acknowledged, muted, resolved
 * or is below the minimum has none. A worker batch applies many deliveries of one incident in one transaction: once
 * this transaction has settled an incident's row, further updates of it ask the database nothing.
 */
@ApplicationScoped
public class ReminderSchedule {

    /**
     * Transaction resource: incident id to whether it has a reminder row, as this transaction left it or, for the
     * incidents of a worker batch, as it found it.
     */
    private static final Object SETTLED = new Object();

    private static final String RESTART = """
            insert into reminder (incident_id, due_at, sent, escalated) values (?1, ?2, 0, false)
            on conflict (incident_id) do update set due_at = excluded.due_at, sent = 0, escalated = false""";
    private static final String ENSURE = """
            insert into reminder (incident_id, due_at, sent, escalated) values (?1, ?2, 0, false)
            on conflict (incident_id) do nothing""";
    private static final String STOP = "delete from reminder where incident_id = ?1";
    private static final String PRESENT = """
            select incident_id from reminder where incident_id = any(cast(?1 as bigint[]))""";

    private final EntityManager em;
    private final TransactionLocal transactions;
    private final ReminderPolicy policy;

    public ReminderSchedule(EntityManager em, TransactionLocal transactions, ReminderPolicy policy) {
        this.em = em;
        this.transactions = transactions;
        this.policy = policy;
    }

    /**
     * A worker batch locked these incidents: which of them have a reminder row is read in one statement, so the
     * changes that follow leave rows that exist as they are without asking the database each time.
     */
    void on(@Observes IncidentsLocked locked) {
        Map<Long, Boolean> settled = transactions.get(SETTLED, HashMap::new);
        Long[] unknown = locked.incidentIds().stream().filter(id -> !settled.containsKey(id)).toArray(Long[]::new);
        if (unknown.length == 0) {
            return;
        }
        Set<Long> present = new HashSet<>(Rows.as(statement(PRESENT), r -> r.whole(0))
                .setParameter(1, unknown).getResultList());
        for (Long id : unknown) {
            settled.put(id, present.contains(id));
        }
    }

    void on(@Observes IncidentChanged changed) {
        if (changed.change() == IncidentChanged.Change.ANALYSIS) {
            return; // an analysis changes neither status nor risk
        }
        Incident incident = em.find(Incident.class, changed.incidentId()); // the changer's own (locked) instance
        if (incident == null) {
            return;
        }
        Map<Long, Boolean> settled = transactions.get(SETTLED, HashMap::new);
        boolean wanted = policy.enabled() && incident.status == IncidentStatus.OPEN && policy.reminds(incident.risk);
        Boolean before = settled.get(incident.id);
        if (!wanted) {
            if (!Boolean.FALSE.equals(before)) {
                statement(STOP).setParameter(1, incident.id).executeUpdate();
            }
        } else if (changed.change().startsEpisode()) {
            statement(RESTART).setParameter(1, incident.id).setParameter(2, firstDue(incident, changed.at()))
                    .executeUpdate();
        } else if (!Boolean.TRUE.equals(before)) {
            statement(ENSURE).setParameter(1, incident.id).setParameter(2, firstDue(incident, changed.at()))
                    .executeUpdate();
        }
        settled.put(incident.id, wanted);
    }

    /** A CRITICAL incident escalated at once is due now; any other after its interval. */
    private Instant firstDue(Incident incident, Instant at) {
        return policy.escalateAtOnce(incident.risk) ? at : at.plus(policy.interval(incident.risk));
    }

    /** A statement on {@code reminder} alone: running it flushes nothing else of the session. */
    private Query statement(String sql) {
        return Statements.unflushed(em, sql);
    }
}
