package dev.sentrytriage.notify;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentsLocked;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.infra.Rows;
import dev.sentrytriage.infra.Statements;
import dev.sentrytriage.infra.TransactionLocal;
import dev.sentrytriage.infra.WorkSignals;

/**
 * Decides, in the transaction that opens an incident, whether it belongs to a flood of new issues in its project:
 * more than {@code triage.flood.threshold} incidents opened within {@code triage.flood.window}. A flood is one row of
 * {@code notify_flood} (at most one open per project, on every replica); its incidents are all stored, counted and
 * listed, but get no message of their own, only the flood's one message, except a CRITICAL one. A flood is over when
 * no incident opened in it for a window. The incidents of the window that opened the flood join it, and their first
 * messages, while still waiting, are merged into the flood's.
 *
 * <p>Only the opening of a flood and its end take the flood's row; joining it is one insert, so concurrent workers
 * of one project do not queue behind each other. A transaction that joined a flood remembers it: the next incident
 * of that project it opens joins without asking again. Its tables (and the timeline it reads) are written only by
 * statements, so its statements flush nothing of the worker's batch.
 */
@ApplicationScoped
public class Floods {

    /** Incidents of the project opened in the window ending at ?3, from the timeline. */
    private static final String OPENED_IN_WINDOW = """
            select e.incident_id, max(e.at) from incident_event e join incident i on i.id = e.incident_id
            where e.kind = 'OPENED' and e.at > ?2 and e.at <= ?3 and i.project = ?1
            group by e.incident_id""";

    /** An incident opened in the window, and when. */
    private record Opened(long incidentId, Instant at) {
    }

    private static final String OPEN_FLOOD = """
            select f.id, (select max(m.opened_at) from notify_flood_incident m where m.flood_id = f.id), f.started_at
            from notify_flood f where f.project = ?1 and f.status = 'OPEN'""";

    /** The project's open flood: its id, when an incident last joined it (null before any) and when it started. */
    private record OpenFlood(long id, Instant lastJoinedAt, Instant startedAt) {
    }

    /** The open flood each project's incidents joined in this transaction, in its resources. */
    private static final Object JOINED = new Object();
    /**
     * Flood membership known in this transaction, in its resources: incident id to whether it has a message of its
     * own, or to null when it is in no flood.
     */
    private static final Object MEMBERS = new Object();
    private static final String MEMBERSHIP = """
            select incident_id, own_message from notify_flood_incident where incident_id = any(cast(?1 as bigint[]))""";

    private final EntityManager em;
    private final int threshold;
    private final Duration window;

    private final WorkSignals signals;
    private final TransactionLocal transactions;

    public Floods(EntityManager em, TriageConfig config, WorkSignals signals, TransactionLocal transactions) {
        this.em = em;
        this.signals = signals;
        this.transactions = transactions;
        this.threshold = config.flood().threshold();
        this.window = config.flood().window();
    }

    /**
     * An incident opened at {@code at}: true when a flood of its project takes it (no message of its own), false
     * when it gets its own message (no flood, or it is CRITICAL).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean absorbs(long incidentId, Instant at) {
        if (threshold <= 0) {
            return false;
        }
        Incident incident = em.find(Incident.class, incidentId);
        if (incident == null) {
            return false;
        }
        boolean critical = incident.risk == Risk.CRITICAL;
        Map<String, Joined> joined = transactions.get(JOINED, HashMap::new);
        Joined known = joined.get(incident.project);
        if (known != null && known.last().plus(window).isAfter(at)) {
            return joinNow(joined, incident.project, known.floodId(), incidentId, critical, at);
        }
        List<OpenFlood> open = Rows.as(statement(OPEN_FLOOD), r -> new OpenFlood(r.whole(0), r.instant(1),
                r.instant(2))).setParameter(1, incident.project).getResultList();
        if (!open.isEmpty()) {
            OpenFlood flood = open.get(0);
            Instant since = flood.lastJoinedAt() != null ? flood.lastJoinedAt() : flood.startedAt();
            if (since.plus(window).isAfter(at)) {
                return joinNow(joined, incident.project, flood.id(), incidentId, critical, at);
            }
            statement("""
                    update notify_flood set status = 'CLOSED', due_at = coalesce(due_at, ?2)
                    where id = ?1 and status = 'OPEN'""")
                    .setParameter(1, flood.id()).setParameter(2, Timestamp.from(at)).executeUpdate();
        }
        List<Opened> recent = Rows.as(statement(OPENED_IN_WINDOW), r -> new Opened(r.whole(0), r.instant(1)))
                .setParameter(1, incident.project).setParameter(2, Timestamp.from(at.minus(window)))
                .setParameter(3, Timestamp.from(at)).getResultList();
        if (recent.size() <= threshold) {
            return false;
        }
        long floodId = start(incident.project, at);
        for (Opened r : recent) {
            if (r.incidentId() != incidentId) {
                joinEarlier(floodId, r.incidentId(), r.at());
            }
        }
        return joinNow(joined, incident.project, floodId, incidentId, critical, at);
    }

    /**
     * The incident opened now joins the flood, which this transaction remembers for the project's next one; true
     * when the flood takes its message (it is not CRITICAL).
     */
    private boolean joinNow(Map<String, Joined> joined, String project, long floodId, long incidentId,
            boolean critical, Instant at) {
        join(floodId, incidentId, critical, at);
        joined.put(project, new Joined(floodId, at));
        return !critical;
    }

    /** The flood a project's incident joined in this transaction, and when. */
    private record Joined(long floodId, Instant last) {
    }

    /** A statement on the flood tables and the timeline, written only by statements: it flushes nothing. */
    private Query statement(String sql) {
        return Statements.unflushed(em, sql);
    }

    /**
     * Whether an update of the incident is for its flood's message rather than one of its own: it is in a flood and
     * has no message of its own.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean holds(long incidentId) {
        if (threshold <= 0) {
            return false;
        }
        Map<Long, Boolean> members = members();
        if (!members.containsKey(incidentId)) {
            read(List.of(incidentId));
        }
        return Boolean.FALSE.equals(members.get(incidentId));
    }

    /**
     * A worker batch locked these incidents: whether each is in a flood, and has a message of its own there, is read
     * in one statement for them all, not once per incident as their updates arrive.
     */
    void on(@Observes IncidentsLocked locked) {
        if (threshold > 0) {
            Map<Long, Boolean> members = members();
            read(locked.incidentIds().stream().filter(id -> !members.containsKey(id)).toList());
        }
    }

    private void read(Collection<Long> incidentIds) {
        if (incidentIds.isEmpty()) {
            return;
        }
        Map<Long, Boolean> members = members();
        incidentIds.forEach(id -> members.put(id, null));
        Rows.as(statement(MEMBERSHIP), r -> Map.entry(r.whole(0), r.bool(1)))
                .setParameter(1, incidentIds.toArray(Long[]::new)).getResultList()
                .forEach(m -> members.put(m.getKey(), m.getValue()));
    }

    private Map<Long, Boolean> members() {
        return transactions.get(MEMBERS, HashMap::new);
    }

    /** A new episode of the incident (regression, escalation) gets its own message, in a flood or not. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ownMessage(long incidentId) {
        if (threshold <= 0) {
            return;
        }
        statement("update notify_flood_incident set own_message = true where incident_id = ?1 and not own_message")
                .setParameter(1, incidentId).executeUpdate();
        members().computeIfPresent(incidentId, (id, own) -> Boolean.TRUE); // a member: now with its own message
    }

    @SuppressWarnings("unchecked")
    private long start(String project, Instant at) {
        List<Number> created = statement("""
                insert into notify_flood (project, status, started_at, last_opened_at, opened, due_at)
                values (?1, 'OPEN', ?2, ?2, 0, ?2)
                on conflict (project) where status = 'OPEN' do nothing
                returning id""").setParameter(1, project).setParameter(2, Timestamp.from(at)).getResultList();
        if (!created.isEmpty()) {
            signals.afterCommit(signals.notifications());
            return created.get(0).longValue();
        }
        // another worker opened it meanwhile
        return ((Number) statement("select id from notify_flood where project = ?1 and status = 'OPEN'")
                .setParameter(1, project).getSingleResult()).longValue();
    }

    private void join(long floodId, long incidentId, boolean ownMessage, Instant at) {
        statement("""
                insert into notify_flood_incident (incident_id, flood_id, own_message, opened_at)
                values (?1, ?2, ?3, ?4) on conflict (incident_id) do nothing""")
                .setParameter(1, incidentId).setParameter(2, floodId).setParameter(3, ownMessage)
                .setParameter(4, Timestamp.from(at)).executeUpdate();
        members().remove(incidentId); // a member now, or already one (then as it was): read again when asked
    }

    /**
     * An incident of the window that opened the flood: its first message, while it still waits, is merged into the
     * flood's; one already sent (or CRITICAL) stays its own.
     */
    private void joinEarlier(long floodId, long incidentId, Instant openedAt) {
        int merged = em.createNativeQuery("""
                update notification n set status = 'MERGED', last_error = 'merged into the flood message'
                where n.incident_id = ?1 and n.status = 'PENDING' and n.kind = 'OPENED'
                  and exists (select 1 from incident i where i.id = n.incident_id and i.risk <> 'CRITICAL')
                  and not exists (select 1 from telegram_message t where t.incident_id = n.incident_id)""")
                .setParameter(1, incidentId).executeUpdate();
        join(floodId, incidentId, merged == 0, openedAt);
    }
}
