package dev.sentrytriage.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.FlushMode;
import org.hibernate.jpa.HibernateHints;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.IncidentChanged;
import dev.sentrytriage.incident.IncidentsLocked;
import dev.sentrytriage.infra.Rows;
import dev.sentrytriage.infra.Statements;
import dev.sentrytriage.infra.TransactionLocal;
import dev.sentrytriage.infra.WorkSignals;

/**
 * Writes notifications in the caller's transaction: it observes {@link IncidentChanged}, published in the
 * transaction that changed the incident, so a change and its notification commit together. A new episode always gets its own row (it becomes a new
 * message, unless an earlier one still waits); an update is written only when no row of the incident is still
 * waiting, because a waiting row renders the incident as it is when it is sent. That keeps an alert storm to one
 * message and a few edits. A written row wakes the Telegram sender when the transaction commits. A new incident that
 * a flood of its project takes ({@link Floods}) gets no row: the flood's message counts it.
 *
 * <p>A worker batch applies many deliveries of many incidents in one transaction: the waiting rows of the incidents it
 * locked are read in one statement when it locks them ({@link IncidentsLocked}), and once it knows a row of an
 * incident is waiting, it does not ask the database again for each of its deliveries.
 */
@ApplicationScoped
public class Outbox {

    private static final List<NotificationKind> EPISODE_KINDS = Arrays.stream(NotificationKind.values())
            .filter(NotificationKind::startsEpisode).toList();
    /** Reminders and escalations are messages of their own: a waiting one does not stand for an edit. */
    private static final List<NotificationKind> STANDALONE_KINDS = Arrays.stream(NotificationKind.values())
            .filter(NotificationKind::standalone).toList();
    /** Transaction resources: incidents known to have a waiting row of any kind, and of an episode kind. */
    private static final Object WAITING = new Object();
    private static final Object EPISODE_WAITING = new Object();
    /** Transaction resource: incidents whose waiting rows were read for the batch that locked them (see above). */
    private static final Object READ = new Object();
    private static final String WAITING_KINDS = """
            select incident_id, kind from notification where incident_id = any(cast(?1 as bigint[])) and status = ?2""";

    private final EntityManager em;
    private final WorkSignals signals;
    private final TransactionLocal transactions;
    private final Duration messageWait;

    private final Floods floods;

    public Outbox(EntityManager em, WorkSignals signals, TransactionLocal transactions, TriageConfig config,
            Floods floods) {
        this.em = em;
        this.floods = floods;
        this.signals = signals;
        this.transactions = transactions;
        this.messageWait = config.analyzer().messageWait();
    }

    /**
     * A change of an incident, in the transaction that made it: a new episode's message waits up to the analyzer's
     * message wait for its analysis; anything else edits the current message.
     */
    void on(@Observes IncidentChanged changed) {
        NotificationKind kind = NotificationKind.valueOf(changed.change().name());
        if (kind == NotificationKind.OPENED && floods.absorbs(changed.incidentId(), changed.at())) {
            return; // the flood's message counts and lists it
        }
        if (kind.startsEpisode()) {
            if (kind != NotificationKind.OPENED) {
                floods.ownMessage(changed.incidentId());
            }
            // a mute that ended keeps the episode's analysis: nothing to wait for
            Instant due = changed.change().startsEpisode() ? changed.at().plus(messageWait) : changed.at();
            episode(changed.incidentId(), kind, changed.at(), due);
        } else {
            update(changed.incidentId(), kind, changed.at());
        }
    }

    /**
     * A worker batch locked these incidents: their waiting rows are read in one statement for the batch, so the
     * episodes and updates that follow ask the database nothing for them.
     */
    void on(@Observes IncidentsLocked locked) {
        Set<Long> read = known(READ);
        Long[] ids = locked.incidentIds().stream().filter(read::add).toArray(Long[]::new);
        if (ids.length == 0) {
            return;
        }
        List<Waiting> rows = Rows.as(Statements.unflushed(em, WAITING_KINDS),
                r -> new Waiting(r.whole(0), r.name(1, NotificationKind.class)))
                .setParameter(1, ids).setParameter(2, NotificationStatus.PENDING.name()).getResultList();
        for (Waiting w : rows) {
            if (EPISODE_KINDS.contains(w.kind())) {
                known(EPISODE_WAITING).add(w.incidentId());
            }
            if (!STANDALONE_KINDS.contains(w.kind())) {
                known(WAITING).add(w.incidentId());
            }
        }
    }

    private record Waiting(long incidentId, NotificationKind kind) {
    }

    /**
     * A new message for the incident (opened, regression, escalation), due at {@code dueAt}, unless the message of
     * an episode is still waiting to go out: that one will show the incident as it is by then.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void episode(long incidentId, NotificationKind kind, Instant now, Instant dueAt) {
        if (known(EPISODE_WAITING).contains(incidentId)) {
            return;
        }
        // an incident opened in this transaction has no message yet: nothing to ask the database
        long waiting = kind == NotificationKind.OPENED || known(READ).contains(incidentId) ? 0
                : waiting("incidentId = ?1 and status = ?2 and kind in ?3", incidentId, EPISODE_KINDS);
        if (waiting == 0) {
            queue(Notification.pending(incidentId, kind, now, dueAt));
        }
        known(EPISODE_WAITING).add(incidentId);
        known(WAITING).add(incidentId);
    }

    /** An edit of the incident's current message, unless one is already waiting. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void update(long incidentId, NotificationKind kind, Instant now) {
        if (known(WAITING).contains(incidentId)) {
            return;
        }
        if (floods.holds(incidentId)) {
            known(WAITING).add(incidentId); // in a flood, without a message of its own: the flood's shows it
            return;
        }
        long waiting = known(READ).contains(incidentId) ? 0
                : waiting("incidentId = ?1 and status = ?2 and kind not in ?3", incidentId, STANDALONE_KINDS);
        if (waiting == 0) {
            queue(Notification.pending(incidentId, kind, now, now));
        }
        known(WAITING).add(incidentId);
    }

    /** A reminder or an escalation of the incident: a message of its own, due now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void standalone(long incidentId, NotificationKind kind, Instant now) {
        if (!kind.standalone()) {
            throw new IllegalArgumentException(kind + " is not a message of its own");
        }
        queue(Notification.pending(incidentId, kind, now, now));
    }

    /**
     * Waiting rows of the incident, without flushing the session first: a row this transaction queued for the
     * incident is already in its known sets, so the count never needs it (and the flush would check every entity of
     * a worker's batch).
     */
    private static long waiting(String query, long incidentId, List<NotificationKind> kinds) {
        return Notification.find(query, incidentId, NotificationStatus.PENDING, kinds)
                .withHint(HibernateHints.HINT_FLUSH_MODE, FlushMode.MANUAL).count();
    }

    private void queue(Notification notification) {
        notification.persist();
        signals.afterCommit(signals.notifications());
    }

    private Set<Long> known(Object key) {
        return transactions.get(key, HashSet::new);
    }
}
