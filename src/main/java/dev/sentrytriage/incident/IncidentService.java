package dev.sentrytriage.incident;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.hibernate.jpa.AvailableHints;

import dev.sentrytriage.incident.IncidentChanged.Change;
import dev.sentrytriage.infra.Rows;
import dev.sentrytriage.infra.Statements;
import dev.sentrytriage.infra.TransactionLocal;
import dev.sentrytriage.infra.WorkSignals;
import io.quarkus.hibernate.orm.panache.PanacheQuery;

/**
 * Keeps one incident per source issue and its lifecycle. Every change is written in the caller's transaction and
 * published there as an {@link IncidentChanged} event (the outbox turns it into a notification in the same
 * transaction); the incident row is locked, so concurrent deliveries of one issue apply one by one.
 */
@ApplicationScoped
public class IncidentService {

    /**
     * The ids of the existing incidents of a batch's keys, locked in one statement in the order of the keys given
     * (sorted below the lock, so two batches take their common incidents in the same order and never deadlock). The
     * lateral subquery makes it one index lookup a key whatever the planner estimates for the arrays.
     */
    private static final String LOCK_ALL = """
            select i.id
            from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[])) with ordinality
                 k(source, project, issue_id, n)
            cross join lateral (select id from incident
                                where source = k.source and project = k.project and issue_id = k.issue_id) i
            order by k.n
            for update of i""";
    /**
     * {@link #LOCK_ALL} without waiting: for a transaction that already holds incidents. Waiting then, for rows outside
     * the order it took those in, is how two batches deadlock; failing instead sends the batch to one delivery at a
     * time, where each transaction holds one incident.
     */
    private static final String LOCK_ALL_NOWAIT = LOCK_ALL + " nowait";
    /**
     * New incidents, open, in the order given (a batch's in the order it locks its keys), with the ids of those
     * inserted; a key another transaction inserted meanwhile is left out.
     */
    private static final String INSERT_ABSENT = """
            insert into incident (source, project, issue_id, title, base_risk, risk, status, first_seen, last_seen,
                                  status_changed_at)
            select k.source, k.project, k.issue_id, k.title, k.risk, k.risk, 'OPEN', k.seen, k.seen, ?7
            from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                        cast(?5 as text[]), cast(?6 as timestamptz[])) with ordinality
                 k(source, project, issue_id, title, risk, seen, n)
            order by k.n
            on conflict (source, project, issue_id) do nothing
            returning id""";
    private static final String KEYS_OF = """
            select source, project, issue_id from incident where id = any(cast(?1 as bigint[]))""";
    private static final String INSERT_EVENT = """
            insert into incident_event (incident_id, at, kind, actor, via, detail) values (?1, ?2, ?3, ?4, ?5, ?6)""";

    /** Incidents {@link #createAll} inserted in this transaction that {@link #apply} has not yet applied to. */
    private static final Object CREATED = new Object();
    /** This transaction's locked incidents, in the transaction's resources. */
    private static final Object LOCKED = new Object();
    /** Keys {@link #lockAll} found no incident for, in this transaction. */
    private static final Object ABSENT = new Object();

    private final EntityManager em;
    private final TransactionLocal transactions;
    private final RiskPolicy riskPolicy;
    private final Event<IncidentChanged> changes;
    private final Event<IncidentsLocked> lockedEvents;
    private final WorkSignals signals;
    private final Clock clock;
    private final OccurrenceCounts occurrences;

    public IncidentService(EntityManager em, TransactionLocal transactions, RiskPolicy riskPolicy,
            Event<IncidentChanged> changes, Event<IncidentsLocked> lockedEvents, WorkSignals signals, Clock clock,
            OccurrenceCounts occurrences) {
        this.em = em;
        this.lockedEvents = lockedEvents;
        this.occurrences = occurrences;
        this.transactions = transactions;
        this.riskPolicy = riskPolicy;
        this.changes = changes;
        this.signals = signals;
        this.clock = clock;
    }

    /** Applies what one delivery says to its incident, creating it on first sight; returns the incident. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Incident apply(IssueContext ctx, UUID deliveryId, Instant receivedAt) {
        return apply(ctx, deliveryId, receivedAt, false, true);
    }

    /**
     * Applies one event of a delivery to its incident. {@code occurrenceId} identifies the occurrence (the delivery's
     * id, or an id derived from the sender's own key); when {@code repeatable}, an occurrence already recorded under
     * that id is not counted again (an alert resent while it still fires). Without {@code mayOpen} an event for an
     * incident never seen changes nothing and null is returned (a resolve of something that never fired).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Incident apply(IssueContext ctx, UUID occurrenceId, Instant receivedAt, boolean repeatable,
            boolean mayOpen) {
        Instant now = clock.instant();
        Incident incident = lockByKey(ctx);
        boolean created = incident != null && created().remove(key(ctx)); // inserted by createAll for this event
        if (incident == null && !mayOpen) {
            return null;
        }
        if (incident == null) {
            List<Long> inserted = insertAbsent(List.of(new Opening(ctx, receivedAt, true)), now);
            created = !inserted.isEmpty();
            absent().remove(key(ctx)); // inserted, by this transaction or by another one that just committed it
            if (created) {
                // our own insert: no other transaction can lock the row before this one ends
                incident = em.find(Incident.class, inserted.get(0));
                locked().put(key(ctx), incident);
                occurrences.trackNew(incident.id);
            } else {
                incident = lockByKey(ctx);
            }
        }
        if (created) {
            event(incident, "OPENED", sender(ctx), via(ctx), null, now);
        }
        refresh(incident, ctx);
        String sender = sender(ctx);
        switch (ctx.event()) {
            case OCCURRENCE -> {
                if (!repeatable || em.find(Occurrence.class, occurrenceId) == null) {
                    occurrence(incident, ctx, occurrenceId, receivedAt, now, created);
                }
            }
            case RESOLVED -> changeStatus(incident, IncidentStatus.RESOLVED, null, sender, via(ctx), now, !created);
            case MUTED -> {
                // already muted here: the echo of a mute written back to Sentry changes nothing and sends nothing
                if (created || !incident.mutedAt(now)) {
                    changeStatus(incident, IncidentStatus.MUTED, ctx.mutedUntil(), sender, via(ctx), now, !created);
                }
            }
            case UNRESOLVED -> unresolved(incident, now, created);
            case ASSIGNED -> {
                if (!created) {
                    publish(incident, Change.UPDATED, via(ctx), now);
                }
            }
            case NONE -> {
            }
        }
        return incident;
    }

    private void occurrence(Incident incident, IssueContext ctx, UUID deliveryId, Instant receivedAt, Instant now,
            boolean created) {
        Occurrence.of(incident.id, receivedAt, deliveryId).persist(); // batched at flush; counts flush it first
        occurrences.recorded(incident.id, receivedAt);
        incident.occurrences++;
        if (incident.lastSeen == null || receivedAt.isAfter(incident.lastSeen)) {
            incident.lastSeen = receivedAt;
        }
        Change kind;
        if (created) {
            kind = Change.OPENED;
        } else if (incident.status == IncidentStatus.RESOLVED) {
            incident.regressions++;
            setStatus(incident, IncidentStatus.OPEN, null, sender(ctx), via(ctx), "REGRESSION", now);
            kind = Change.REGRESSION;
        } else if (incident.status == IncidentStatus.MUTED && !incident.mutedAt(now)) {
            setStatus(incident, IncidentStatus.OPEN, null, "mute ended", via(ctx), "MUTE_ENDED", now);
            kind = Change.MUTE_ENDED;
        } else {
            kind = incident.mutedAt(now) ? null : Change.UPDATED;
        }
        Risk previous = incident.risk;
        boolean newEpisode = kind == Change.OPENED || kind == Change.REGRESSION;
        if (newEpisode) {
            // a new episode starts from what is true now
            incident.risk = riskPolicy.assess(incident.level, recurrence(incident.id, now), incident.regressions);
        } else if (previous != Risk.CRITICAL) {
            // (at CRITICAL there is nothing higher to reach: a storm's occurrences are not counted again per event)
            Risk assessed = riskPolicy.assess(incident.level, recurrence(incident.id, now), incident.regressions);
            incident.risk = previous.atLeast(assessed); // within an episode risk only rises
            if ((kind == Change.UPDATED || kind == Change.MUTE_ENDED) && incident.risk.higherThan(previous)) {
                kind = Change.ESCALATED;
            }
        }
        if (kind == null) {
            return; // muted: counted, but nobody is disturbed
        }
        if (kind.startsEpisode()) {
            analysisDue(incident, now);
        }
        publish(incident, kind, via(ctx), now);
    }

    private void unresolved(Incident incident, Instant now, boolean created) {
        if (incident.status == IncidentStatus.RESOLVED) {
            incident.regressions++;
            setStatus(incident, IncidentStatus.OPEN, null, "sentry", Via.SENTRY, "REGRESSION", now);
            incident.risk = riskPolicy.assess(incident.level, recurrence(incident.id, now), incident.regressions);
            analysisDue(incident, now);
            publish(incident, Change.REGRESSION, Via.SENTRY, now);
        } else if (incident.status == IncidentStatus.MUTED) {
            changeStatus(incident, IncidentStatus.OPEN, null, "sentry", Via.SENTRY, now, !created);
        }
    }

    /** A new episode is analysed once: the analysis worker is woken when this transaction commits. */
    private void analysisDue(Incident incident, Instant now) {
        incident.analysisDueAt = now;
        signals.afterCommit(signals.analysis());
    }

    /** Occurrences of an incident in the hour, day and week before {@code now}. */
    public Recurrence recurrence(long incidentId, Instant now) {
        return occurrences.of(incidentId, now);
    }

    /** Marks the incident acknowledged: someone is on it. */
    @Transactional
    public ActionResult acknowledge(long id, String actor, Via via) {
        Incident incident = lockById(id);
        if (incident.status == IncidentStatus.RESOLVED) {
            throw new IllegalTransitionException("incident " + id + " is resolved; reopen it first");
        }
        return act(incident, IncidentStatus.ACKNOWLEDGED, null, actor, via);
    }

    /** Mutes the incident for {@code duration}: it is counted but sends nothing until then. */
    @Transactional
    public ActionResult mute(long id, Duration duration, String actor, Via via) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("mute duration must be positive");
        }
        Incident incident = lockById(id);
        if (incident.status == IncidentStatus.RESOLVED) {
            throw new IllegalTransitionException("incident " + id + " is resolved; reopen it first");
        }
        return act(incident, IncidentStatus.MUTED, clock.instant().plus(duration), actor, via);
    }

    /** Resolves the incident; if it fires again it reopens as a regression. */
    @Transactional
    public ActionResult resolve(long id, String actor, Via via) {
        return act(lockById(id), IncidentStatus.RESOLVED, null, actor, via);
    }

    /** Reopens a resolved, muted or acknowledged incident. */
    @Transactional
    public ActionResult reopen(long id, String actor, Via via) {
        return act(lockById(id), IncidentStatus.OPEN, null, actor, via);
    }

    /** Ends a mute early: a muted incident is open again; any other status is left as it is. */
    @Transactional
    public ActionResult unmute(long id, String actor, Via via) {
        Incident incident = lockById(id);
        if (incident.status != IncidentStatus.MUTED) {
            return new ActionResult(incident, false);
        }
        return act(incident, IncidentStatus.OPEN, null, actor, via);
    }

    private ActionResult act(Incident incident, IncidentStatus target, Instant mutedUntil, String actor, Via via) {
        Instant now = clock.instant();
        boolean changed = incident.status != target || (target == IncidentStatus.MUTED && mutedUntil != null);
        if (changed) {
            changeStatus(incident, target, mutedUntil, actor, via, now, true);
        }
        return new ActionResult(incident, changed);
    }

    private void changeStatus(Incident incident, IncidentStatus status, Instant mutedUntil, String actor, Via via,
            Instant now, boolean notify) {
        if (incident.status == status && status != IncidentStatus.MUTED) {
            return;
        }
        setStatus(incident, status, mutedUntil, actor, via, status == IncidentStatus.OPEN ? "REOPENED" : status.name(),
                now);
        if (notify) {
            publish(incident, Change.STATUS, via, now);
        }
    }

    /** Appends one entry to the timeline of a locked incident, in the caller's transaction (e.g. a step of Seer's). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void note(Incident incident, String kind, String actor, Via via, String detail, Instant at) {
        event(incident, kind, actor, via, detail, at);
    }

    /** Tells the observers (the outbox, in this transaction) what happened. */
    private void publish(Incident incident, Change change, Via via, Instant now) {
        changes.fire(new IncidentChanged(incident.id, change, via, now));
    }

    /** Changes the status and records it in the incident's timeline as {@code kind}, in the same transaction. */
    private void setStatus(Incident incident, IncidentStatus status, Instant mutedUntil, String actor, Via via,
            String kind, Instant now) {
        incident.status = status;
        incident.mutedUntil = status == IncidentStatus.MUTED ? mutedUntil : null;
        incident.statusChangedAt = now;
        incident.statusChangedBy = actor;
        String detail = status == IncidentStatus.MUTED
                ? (mutedUntil == null ? "until unmuted" : "until " + mutedUntil)
                : "REGRESSION".equals(kind) ? "regression #" + incident.regressions : null;
        event(incident, kind, actor, via, detail, now);
    }

    /**
     * Appends one entry to the incident's timeline ({@code incident_event}), a table written only by statements: it
     * flushes nothing of the session (the occurrences of a batch stay batched).
     */
    private void event(Incident incident, String kind, String actor, Via via, String detail, Instant now) {
        Statements.unflushed(em, INSERT_EVENT)
                .setParameter(1, incident.id).setParameter(2, now).setParameter(3, kind).setParameter(4, actor)
                .setParameter(5, via.name()).setParameter(6, detail).executeUpdate();
    }

    /** Copies what the delivery knows onto the incident; what it does not know is left as it was. */
    private void refresh(Incident incident, IssueContext ctx) {
        incident.shortId = orKeep(ctx.shortId(), incident.shortId);
        incident.title = orKeep(ctx.title(), incident.title);
        incident.culprit = orKeep(ctx.culprit(), incident.culprit);
        incident.platform = orKeep(ctx.platform(), incident.platform);
        incident.environment = orKeep(ctx.environment(), incident.environment);
        incident.release = orKeep(ctx.release(), incident.release);
        incident.sentryUrl = orKeep(ctx.sentryUrl(), incident.sentryUrl);
        incident.triggeredRule = orKeep(ctx.triggeredRule(), incident.triggeredRule);
        incident.assignee = orKeep(ctx.assignee(), incident.assignee);
        if (ctx.level() != null) {
            incident.level = ctx.level();
            incident.baseRisk = Risk.ofLevel(ctx.level());
        }
        if (ctx.count() != null) {
            incident.sentryCount = ctx.count();
        }
        if (ctx.userCount() != null) {
            incident.userCount = ctx.userCount();
        }
        if (ctx.firstSeen() != null && (incident.firstSeen == null || ctx.firstSeen().isBefore(incident.firstSeen))) {
            incident.firstSeen = ctx.firstSeen();
        }
        if (incident.context == null || ctx.hasFrames()
                || ctx.event() == TriageEvent.OCCURRENCE && !incident.context.hasFrames()) {
            incident.context = ctx;
        }
    }

    /**
     * The incident of {@code ctx}, locked until the transaction ends. A batch applies many deliveries of one incident
     * in one transaction: once locked, it is taken from this transaction's own map, not queried (and flushed) again.
     */
    private Incident lockByKey(IssueContext ctx) {
        Map<IncidentKey, Incident> locked = locked();
        IncidentKey key = key(ctx);
        Incident incident = locked.get(key);
        if (incident != null && em.contains(incident)) {
            return incident;
        }
        if (absent().contains(key)) {
            return null; // lockAll found none: insert it (or learn from the conflict that another one just did)
        }
        return lockFirst(Incident.find("source = ?1 and project = ?2 and issueId = ?3", ctx.source(), ctx.project(),
                ctx.issueId()));
    }

    /**
     * The first incident of {@code query}, locked: waiting for it only while this transaction holds no other incident
     * (see {@link #LOCK_ALL_NOWAIT}); otherwise a lock another transaction holds fails the caller at once
     * ({@code PessimisticLockException}, SQLState 55P03) instead of waiting out of order. For a lock outside a batch's
     * key order: an incident another transaction created after the batch locked its own, or one a Seer event names.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Incident lockFirst(PanacheQuery<Incident> query) {
        query.withLock(LockModeType.PESSIMISTIC_WRITE);
        if (!locked().isEmpty()) {
            query.withHint(AvailableHints.HINT_SPEC_LOCK_TIMEOUT, 0);
        }
        Incident incident = query.firstResult();
        if (incident != null) {
            locked().put(IncidentKey.of(incident), incident);
        }
        return incident;
    }

    /**
     * Locks the existing incidents of these keys in one statement, and counts the recent occurrences of those below
     * CRITICAL in one more, for a batch about to apply many deliveries: {@link #apply} then finds them in this
     * transaction instead of asking the database once per delivery, and knows which ones it has to create. Keys are
     * locked in one order (by source, project and issue id, compared as the Java strings are), as the batch applies
     * them. The incidents found are published as {@link IncidentsLocked}, so what observes their changes can read its
     * own rows of them once for the batch too.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockAll(Collection<IssueContext> contexts) {
        Map<IncidentKey, Incident> locked = locked();
        Set<IncidentKey> keys = new TreeSet<>(IncidentKey.ORDER);
        for (IssueContext ctx : contexts) {
            IncidentKey key = key(ctx);
            if (!locked.containsKey(key)) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        absent().addAll(keys);
        lockExisting(keys, true);
    }

    /**
     * Locks these incidents in the order a worker batch locks its keys (see {@link #LOCK_ALL}): for a transaction
     * that then writes several of them (the heuristics' analyses of a claim), which would otherwise take them in its
     * own order and could deadlock with a batch.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockInKeyOrder(Collection<Long> ids) {
        Set<IncidentKey> keys = new TreeSet<>(IncidentKey.ORDER);
        keys.addAll(Rows.as(Statements.unflushed(em, KEYS_OF), r -> new IncidentKey(r.text(0), r.text(1), r.text(2)))
                .setParameter(1, ids.toArray(Long[]::new)).getResultList());
        if (!keys.isEmpty()) {
            lockKeys(keys, LOCK_ALL);
        }
    }

    /**
     * Locks the existing incidents of {@code keys} (sorted) in one statement, waiting for them or not (see
     * {@link #LOCK_ALL_NOWAIT}); they join this transaction's locked incidents and are published as
     * {@link IncidentsLocked}.
     */
    private void lockExisting(Set<IncidentKey> keys, boolean wait) {
        List<Number> ids = lockKeys(keys, wait ? LOCK_ALL : LOCK_ALL_NOWAIT);
        List<Incident> found = ids.isEmpty() ? List.of()
                : Incident.list("id in ?1", ids.stream().map(Number::longValue).toList()); // locked above
        Map<IncidentKey, Incident> locked = locked();
        Set<IncidentKey> absent = absent();
        for (Incident incident : found) {
            IncidentKey key = IncidentKey.of(incident);
            locked.put(key, incident);
            absent.remove(key);
        }
        // a CRITICAL incident is not counted again until it starts a new episode (see occurrence()): a hot incident
        // has hundreds of thousands of occurrences in its week, and counting them for every batch is what slowed
        // a storm down
        occurrences.track(found.stream().filter(i -> i.risk != Risk.CRITICAL).map(i -> i.id).toList(),
                clock.instant());
        if (!found.isEmpty()) {
            lockedEvents.fire(new IncidentsLocked(found.stream().map(i -> i.id).toList()));
        }
    }

    /**
     * Creates in one statement the incidents of a batch that {@link #lockAll} found absent and whose first event in
     * {@code events} (the batch in the order it applies them) may open them; {@link #apply} then finds each one locked
     * and applies that first event as the incident's opening. A key whose first event may not open it (a resolve of
     * something never seen) is left to {@code apply}, as is a key another transaction inserted meanwhile.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void createAll(List<Opening> events) {
        Set<IncidentKey> absent = absent();
        TreeMap<IncidentKey, Opening> first = new TreeMap<>(IncidentKey.ORDER);
        Set<IncidentKey> decided = new HashSet<>();
        for (Opening e : events) {
            IncidentKey key = key(e.context());
            if (absent.contains(key) && decided.add(key) && e.mayOpen()) {
                first.put(key, e);
            }
        }
        if (first.isEmpty()) {
            return;
        }
        boolean holding = !locked().isEmpty();
        List<Long> ids = insertAbsent(List.copyOf(first.values()), clock.instant());
        List<Incident> inserted = ids.isEmpty() ? List.of() : Incident.list("id in ?1", ids);
        Map<IncidentKey, Incident> locked = locked(); // our own inserts: nobody else can lock them before we end
        Set<IncidentKey> created = created();
        for (Incident incident : inserted) {
            IncidentKey key = IncidentKey.of(incident);
            locked.put(key, incident);
            absent.remove(key);
            created.add(key);
            occurrences.trackNew(incident.id);
        }
        // keys another transaction inserted meanwhile: the batch may wait for them only if it holds nothing yet
        Set<IncidentKey> raced = new TreeSet<>(first.navigableKeySet());
        raced.retainAll(absent);
        if (!raced.isEmpty()) {
            lockExisting(raced, !holding && inserted.isEmpty());
        }
    }

    @SuppressWarnings("unchecked")
    private List<Number> lockKeys(Set<IncidentKey> keys, String statement) {
        return Statements.unflushed(em, statement)
                .setParameter(1, keys.stream().map(IncidentKey::source).toArray(String[]::new))
                .setParameter(2, keys.stream().map(IncidentKey::project).toArray(String[]::new))
                .setParameter(3, keys.stream().map(IncidentKey::issueId).toArray(String[]::new))
                .getResultList();
    }

    /** Inserts the incidents of {@code rows} that do not exist yet, in that order; returns the new ids. */
    private List<Long> insertAbsent(List<Opening> rows, Instant now) {
        return Rows.as(Statements.unflushed(em, INSERT_ABSENT), r -> r.whole(0))
                .setParameter(1, rows.stream().map(r -> r.context().source()).toArray(String[]::new))
                .setParameter(2, rows.stream().map(r -> r.context().project()).toArray(String[]::new))
                .setParameter(3, rows.stream().map(r -> r.context().issueId()).toArray(String[]::new))
                .setParameter(4, rows.stream().map(r -> r.context().title()).toArray(String[]::new))
                .setParameter(5, rows.stream().map(r -> Risk.ofLevel(r.context().level()).name())
                        .toArray(String[]::new))
                .setParameter(6, rows.stream().map(r -> Timestamp.from(r.receivedAt())).toArray(Timestamp[]::new))
                .setParameter(7, Timestamp.from(now))
                .getResultList();
    }

    /** An event a batch is about to apply: its incident's context, when it was received, whether it may open it. */
    public record Opening(IssueContext context, Instant receivedAt, boolean mayOpen) {
    }

    private Set<IncidentKey> created() {
        return transactions.get(CREATED, HashSet::new);
    }

    /** This transaction's locked incidents, by key. */
    private Map<IncidentKey, Incident> locked() {
        return transactions.get(LOCKED, HashMap::new);
    }

    /** The keys this transaction's {@link #lockAll} found no incident for and that nobody has inserted since. */
    private Set<IncidentKey> absent() {
        return transactions.get(ABSENT, HashSet::new);
    }

    private static IncidentKey key(IssueContext ctx) {
        return new IncidentKey(ctx.source(), ctx.project(), ctx.issueId());
    }

    private record IncidentKey(String source, String project, String issueId) {
        static final Comparator<IncidentKey> ORDER = Comparator.comparing(IncidentKey::source)
                .thenComparing(IncidentKey::project).thenComparing(IncidentKey::issueId);

        static IncidentKey of(Incident incident) {
            return new IncidentKey(incident.source, incident.project, incident.issueId);
        }
    }

    private Incident lockById(long id) {
        Incident incident = Incident.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (incident == null) {
            throw new IncidentNotFoundException(id);
        }
        return incident;
    }

    /** Who a status change from a delivery is recorded as done by: the sending system. */
    private static String sender(IssueContext ctx) {
        return ctx.source().startsWith("sentry") ? "sentry" : ctx.source();
    }

    /** Sentry's own webhooks, or another source's. */
    private static Via via(IssueContext ctx) {
        return ctx.source().startsWith("sentry") ? Via.SENTRY : Via.WEBHOOK;
    }

    private static String orKeep(String value, String current) {
        return value != null ? value : current;
    }
}
