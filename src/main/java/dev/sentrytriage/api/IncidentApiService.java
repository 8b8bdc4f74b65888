package dev.sentrytriage.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import dev.sentrytriage.change.ChangeLog;
import dev.sentrytriage.incident.ActionResult;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentNotFoundException;
import dev.sentrytriage.incident.IncidentService;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.Recurrence;
import dev.sentrytriage.incident.Risk;

/**
 * Reads incidents for the API and runs operator actions through {@link IncidentService}, the same lifecycle the
 * Telegram buttons use, then shows the result with its current counts in the same transaction.
 */
@ApplicationScoped
public class IncidentApiService {

    /** Who the lifecycle records as the author of API actions. */
    static final String ACTOR = "api";

    private static final String COUNTS = """
            select incident_id, count(*) filter (where occurred_at > ?2), count(*) filter (where occurred_at > ?3),
                   count(*)
            from incident_occurrence where incident_id in (?1) and occurred_at > ?4
            group by incident_id""";

    private final EntityManager em;
    private final IncidentService incidents;
    private final Clock clock;
    private final ChangeLog changes;

    public IncidentApiService(EntityManager em, IncidentService incidents, ChangeLog changes, Clock clock) {
        this.changes = changes;
        this.em = em;
        this.incidents = incidents;
        this.clock = clock;
    }

    /** Incidents matching the filters (empty sets match all), newest activity first, after {@code cursor}. */
    @Transactional
    public IncidentPage list(Set<IncidentStatus> statuses, Set<Risk> risks, String project, int limit, String cursor) {
        Cursor after = Cursor.decode(cursor);
        StringBuilder jpql = new StringBuilder("from Incident i where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (!statuses.isEmpty()) {
            jpql.append(" and i.status in :statuses");
            params.put("statuses", statuses);
        }
        if (!risks.isEmpty()) {
            jpql.append(" and i.risk in :risks");
            params.put("risks", risks);
        }
        if (project != null && !project.isBlank()) {
            jpql.append(" and i.project = :project");
            params.put("project", project.trim());
        }
        if (after != null) {
            jpql.append(" and (i.lastSeen < :afterTime or (i.lastSeen = :afterTime and i.id < :afterId))");
            params.put("afterTime", after.time());
            params.put("afterId", parseId(after.id()));
        }
        jpql.append(" order by i.lastSeen desc, i.id desc");
        TypedQuery<Incident> query = em.createQuery(jpql.toString(), Incident.class).setMaxResults(limit + 1);
        params.forEach(query::setParameter);
        List<Incident> found = query.getResultList();
        boolean more = found.size() > limit;
        List<Incident> page = more ? found.subList(0, limit) : found;
        Map<Long, Recurrence> counts = counts(page.stream().map(i -> i.id).toList());
        List<IncidentView> items = new ArrayList<>(page.size());
        for (Incident i : page) {
            items.add(IncidentView.of(i, counts.getOrDefault(i.id, new Recurrence(0, 0, 0))));
        }
        String next = more ? new Cursor(page.get(page.size() - 1).lastSeen, page.get(page.size() - 1).id.toString())
                .encode() : null;
        return new IncidentPage(items, next);
    }

    /** One incident by id. */
    @Transactional
    public IncidentView get(long id) {
        Incident incident = Incident.findById(id);
        if (incident == null) {
            throw new IncidentNotFoundException(id);
        }
        return view(incident);
    }

    @Transactional
    public ActionView acknowledge(long id) {
        return view(incidents.acknowledge(id, ACTOR));
    }

    @Transactional
    public ActionView mute(long id, Duration duration) {
        return view(incidents.mute(id, duration, ACTOR));
    }

    @Transactional
    public ActionView resolve(long id) {
        return view(incidents.resolve(id, ACTOR));
    }

    @Transactional
    public ActionView reopen(long id) {
        return view(incidents.reopen(id, ACTOR));
    }

    private ActionView view(ActionResult result) {
        return new ActionView(result.changed(), view(result.incident()));
    }

    private IncidentView view(Incident incident) {
        return IncidentView.of(incident, incidents.recurrence(incident.id, clock.instant()),
                changes.before(incident.project, incident.firstSeen));
    }

    @SuppressWarnings("unchecked")
    private Map<Long, Recurrence> counts(List<Long> ids) {
        Map<Long, Recurrence> counts = new HashMap<>();
        if (ids.isEmpty()) {
            return counts;
        }
        Instant now = clock.instant();
        List<Object[]> rows = em.createNativeQuery(COUNTS)
                .setParameter(1, ids)
                .setParameter(2, now.minus(Duration.ofHours(1)))
                .setParameter(3, now.minus(Duration.ofDays(1)))
                .setParameter(4, now.minus(Duration.ofDays(7)))
                .getResultList();
        for (Object[] row : rows) {
            counts.put(((Number) row[0]).longValue(), new Recurrence(((Number) row[1]).longValue(),
                    ((Number) row[2]).longValue(), ((Number) row[3]).longValue()));
        }
        return counts;
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("cursor is not one this API handed out; start again without it");
        }
    }
}
