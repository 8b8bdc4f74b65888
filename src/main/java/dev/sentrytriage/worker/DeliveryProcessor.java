package dev.sentrytriage.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.sentrytriage.analysis.SeerAnalyses;
import dev.sentrytriage.change.ChangeLog;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentService;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.intake.Deliveries;
import dev.sentrytriage.sentry.SeerEvent;
import dev.sentrytriage.source.SourceEvent;
import dev.sentrytriage.source.SourceRegistry;
import dev.sentrytriage.source.StoredRequest;

/**
 * Turns claimed deliveries into what their source says they mean (incident changes and change events), in the
 * transaction that claimed them (their row locks), which also marks them done: a delivery is applied exactly once, and
 * one whose transaction rolls back is still to be applied.
 */
@ApplicationScoped
public class DeliveryProcessor {

    private final EntityManager em;
    private final Deliveries deliveries;
    private final SourceRegistry sources;
    private final IncidentService incidents;
    private final ChangeLog changeLog;
    private final SeerAnalyses seer;
    private final Clock clock;

    public DeliveryProcessor(EntityManager em, Deliveries deliveries, SourceRegistry sources, IncidentService incidents,
            ChangeLog changeLog, SeerAnalyses seer, Clock clock) {
        this.em = em;
        this.deliveries = deliveries;
        this.seer = seer;
        this.sources = sources;
        this.incidents = incidents;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    /**
     * Applies a whole claimed batch in the caller's transaction, the one that claimed it (one commit instead of one
     * per delivery). Incidents are locked in one fixed order (by source, project, issue id), so two workers' batches
     * never deadlock on them. A stored body that cannot be read as an incident (no retry would change that) is marked
     * {@code FAILED} with the reason, in the same transaction, and does not stop the others. Any other failure is
     * thrown: the caller rolls the batch back and applies the deliveries one by one, so one bad delivery cannot hold
     * back the others.
     *
     * @return how many deliveries were applied, and how many failed for good
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Result process(List<Deliveries.Claimed> rows) throws IOException {
        if (rows.isEmpty()) {
            return new Result(0, 0);
        }
        List<Parsed> parsed = new ArrayList<>(rows.size());
        List<Changed> changes = new ArrayList<>();
        List<SeerFor> seers = new ArrayList<>();
        Map<UUID, Long> incidentOf = new LinkedHashMap<>();
        Map<UUID, String> unreadable = new LinkedHashMap<>();
        for (Deliveries.Claimed row : rows) {
            UUID id = row.id();
            Instant receivedAt = row.receivedAt();
            List<SourceEvent> events;
            String unusable;
            try {
                events = sources.of(row.source())
                        .parse(new StoredRequest(row.resource(), row.requestId(), row.body(), receivedAt));
                unusable = unusable(events);
            } catch (JsonProcessingException e) {
                events = List.of();
                unusable = "body is not JSON"; // Jackson's message may quote the body: not kept
            } catch (IllegalArgumentException e) {
                events = List.of();
                unusable = e.getMessage();
            }
            if (unusable != null) {
                unreadable.put(id, "cannot be made an incident: " + unusable);
                continue;
            }
            incidentOf.put(id, null);
            long incidentEvents = events.stream().filter(SourceEvent.Incident.class::isInstance).count();
            int index = 0;
            for (SourceEvent event : events) {
                if (event instanceof SourceEvent.Incident incident) {
                    parsed.add(new Parsed(id, occurrenceId(id, incident, index++, incidentEvents), incident, receivedAt));
                } else if (event instanceof SourceEvent.Change change) {
                    changes.add(new Changed(id, change));
                } else if (event instanceof SourceEvent.Seer seer) {
                    seers.add(new SeerFor(id, seer.event()));
                }
            }
        }
        parsed.sort(Parsed.LOCK_ORDER);
        incidents.lockAll(parsed.stream().map(p -> p.event().context()).toList()); // one statement, not one each
        incidents.createAll(parsed.stream().map(p -> new IncidentService.Opening(p.event().context(), p.receivedAt(),
                p.event().opensIncident())).toList()); // and one for the batch's new incidents
        Instant at = clock.instant();
        for (Parsed p : parsed) {
            SourceEvent.Incident e = p.event();
            Incident incident = incidents.apply(e.context(), p.occurrenceId(), p.receivedAt(), e.occurrenceKey() != null,
                    e.opensIncident());
            if (incident != null && incidentOf.get(p.id()) == null) {
                incidentOf.put(p.id(), incident.id); // a delivery of several incidents records its first
            }
        }
        seers.sort(SeerFor.LOCK_ORDER); // after the incidents above, in one order, as they are
        for (SeerFor s : seers) {
            Long incident = seer.apply(s.event(), at);
            if (incident != null && incidentOf.get(s.id()) == null) {
                incidentOf.put(s.id(), incident);
            }
        }
        changes.sort(Changed.LOCK_ORDER); // keyed changes take index locks: one order, as for incidents
        for (Changed c : changes) {
            changeLog.record(c.change().change(), c.id(), at);
        }
        em.flush();
        // the rows are locked by the claim: all of them are marked done in one statement
        deliveries.settle(incidentOf, unreadable, at);
        return new Result(incidentOf.size(), unreadable.size());
    }

    /** Why these events cannot be applied (an incident without its key), or null. */
    private static String unusable(List<SourceEvent> events) {
        for (SourceEvent event : events) {
            if (event instanceof SourceEvent.Incident i) {
                if (i.context().issueId() == null) {
                    return "payload has no issue id";
                }
                if (i.context().project() == null) {
                    return "payload has no project";
                }
            }
        }
        return null;
    }

    /** What one call settled: deliveries applied to their incident, and deliveries failed for good. */
    public record Result(int applied, int failed) {
        /** Whether nothing was settled: nothing was claimed. */
        public boolean none() {
            return applied == 0 && failed == 0;
        }
    }

    /**
     * The id an occurrence is recorded under: the delivery's own id when it carries one incident event (as before
     * sources existed); derived from the sender's occurrence key when it gives one (so a resend is the same
     * occurrence); else derived from the delivery and the event's place in it.
     */
    static UUID occurrenceId(UUID deliveryId, SourceEvent.Incident event, int index, long incidentEvents) {
        if (event.occurrenceKey() != null) {
            IssueContext c = event.context();
            return UUID.nameUUIDFromBytes((c.source() + "\n" + c.project() + "\n" + c.issueId() + "\n"
                    + event.occurrenceKey()).getBytes(StandardCharsets.UTF_8));
        }
        if (incidentEvents == 1) {
            return deliveryId;
        }
        return UUID.nameUUIDFromBytes((deliveryId + "#" + index).getBytes(StandardCharsets.UTF_8));
    }

    private record SeerFor(UUID id, SeerEvent event) {
        static final Comparator<SeerFor> LOCK_ORDER = Comparator.comparing((SeerFor s) -> s.event().issueId(),
                Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    private record Changed(UUID id, SourceEvent.Change change) {
        static final Comparator<Changed> LOCK_ORDER = Comparator.comparing((Changed c) -> c.change().change().source())
                .thenComparing(c -> c.change().change().project())
                .thenComparing(c -> String.valueOf(c.change().change().key()));
    }

    private record Parsed(UUID id, UUID occurrenceId, SourceEvent.Incident event, Instant receivedAt) {
        static final Comparator<Parsed> LOCK_ORDER = Comparator.comparing((Parsed p) -> p.event().context().source())
                .thenComparing(p -> p.event().context().project())
                .thenComparing(p -> p.event().context().issueId())
                .thenComparing(Parsed::receivedAt);
    }

}
