package dev.sentrytriage.api;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.sentrytriage.change.ChangeLog;
import dev.sentrytriage.incident.ActionResult;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentNotFoundException;
import dev.sentrytriage.incident.IncidentQuery;
import dev.sentrytriage.incident.IncidentService;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.Recurrence;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.incident.Via;
import dev.sentrytriage.notify.ChatRouter;

/**
 * Reads incidents for the API and runs operator actions through {@link IncidentService}, the same lifecycle the
 * Telegram buttons use, then shows the result with its current counts in the same transaction.
 */
@ApplicationScoped
public class IncidentApiService {

    /** Who the lifecycle records as the author of API actions. */
    static final String ACTOR = "api";

    private final IncidentQuery query;
    private final IncidentService incidents;
    private final Clock clock;
    private final ChangeLog changes;
    private final ChatRouter router;

    public IncidentApiService(IncidentQuery query, IncidentService incidents, ChangeLog changes, Clock clock,
            ChatRouter router) {
        this.router = router;
        this.query = query;
        this.changes = changes;
        this.incidents = incidents;
        this.clock = clock;
    }

    /** Incidents matching the filters (empty sets and a null project match all), newest activity first, after {@code cursor}. */
    @Transactional
    public IncidentPage list(Set<IncidentStatus> statuses, Set<Risk> risks, String project, int limit, String cursor) {
        Cursor after = Cursor.decode(cursor);
        IncidentQuery.Filter filter = new IncidentQuery.Filter(statuses, risks, project, null, null, null);
        List<Incident> found = query.find(filter, after == null ? null
                : new IncidentQuery.After(after.time(), parseId(after.id())), limit);
        boolean more = found.size() > limit;
        List<Incident> page = more ? found.subList(0, limit) : found;
        Map<Long, Recurrence> counts = query.counts(page.stream().map(i -> i.id).toList(), clock.instant());
        List<IncidentView> items = new ArrayList<>(page.size());
        for (Incident i : page) {
            items.add(IncidentView.of(i, counts.getOrDefault(i.id, new Recurrence(0, 0, 0)),
                    router.route(i, Map.of())));
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
        return view(incidents.acknowledge(id, ACTOR, Via.API));
    }

    @Transactional
    public ActionView mute(long id, Duration duration) {
        return view(incidents.mute(id, duration, ACTOR, Via.API));
    }

    @Transactional
    public ActionView resolve(long id) {
        return view(incidents.resolve(id, ACTOR, Via.API));
    }

    @Transactional
    public ActionView reopen(long id) {
        return view(incidents.reopen(id, ACTOR, Via.API));
    }

    private ActionView view(ActionResult result) {
        return new ActionView(result.changed(), view(result.incident()));
    }

    private IncidentView view(Incident incident) {
        return IncidentView.of(incident, incidents.recurrence(incident.id, clock.instant()),
                changes.before(incident.project, incident.firstSeen), router.route(incident, Map.of()));
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("cursor is not one this API handed out; start again without it");
        }
    }
}
