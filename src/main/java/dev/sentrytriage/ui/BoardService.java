package dev.sentrytriage.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.sentrytriage.api.Cursor;
import dev.sentrytriage.api.DeliveryApiService;
import dev.sentrytriage.api.DeliveryPage;
import dev.sentrytriage.api.InvalidParameterException;
import dev.sentrytriage.change.ChangeLog;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentNotFoundException;
import dev.sentrytriage.incident.IncidentQuery;
import dev.sentrytriage.incident.IncidentService;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.Recurrence;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.incident.SourceLink;
import dev.sentrytriage.incident.Via;
import dev.sentrytriage.infra.Rows;
import dev.sentrytriage.intake.Deliveries;
import dev.sentrytriage.intake.DeliveryStatus;
import dev.sentrytriage.intake.DeliveryView;
import dev.sentrytriage.text.SafeUrl;

/**
 * Reads what the board shows and runs its actions through {@link IncidentService}, the lifecycle the API and the
 * Telegram buttons use. The list is the API's search ({@link IncidentQuery}) with the board's extra filters.
 */
@ApplicationScoped
public class BoardService {

    /** Incidents per page of the list. */
    static final int PAGE_SIZE = 50;
    /** Deliveries shown per page, and on an incident's page. */
    static final int DELIVERIES = 50;
    /** The mute durations the board offers, in the order offered: the form value and the duration it stands for. */
    static final List<Map.Entry<String, Duration>> MUTE_CHOICES = List.of(Map.entry("30m", Duration.ofMinutes(30)),
            Map.entry("1h", Duration.ofHours(1)), Map.entry("4h", Duration.ofHours(4)),
            Map.entry("24h", Duration.ofHours(24)), Map.entry("7d", Duration.ofDays(7)));

    /** The week's occurrences a minute at a time (OccurrenceCounts), into bars: a bar reads its minutes, not rows. */
    private static final String CHART = """
            select floor(extract(epoch from (minute - ?2)) / ?3)::int, sum(occurrences)
            from incident_occurrence_minute where incident_id = ?1 and minute >= ?2 group by 1""";
    private static final String TIMELINE = """
            select at, kind, actor, via, detail from incident_event where incident_id = ?1 order by at desc, id desc
            limit 200""";
    private static final String TELEGRAM = """
            select m.chat_id, m.message_id, m.sent_at, m.last_edit_at, n.status, n.kind, n.attempts, n.sent_at,
                   n.last_error
            from (select ?1 as incident_id) i
            left join telegram_message m on m.incident_id = i.incident_id
            left join lateral (select * from notification where incident_id = i.incident_id order by id desc limit 1) n
                   on true""";

    /** One page of the list and the cursor of the next, or null. */
    public record IncidentList(List<IncidentRow> rows, String next) {
    }

    /** One page of problem deliveries and the cursor of the next, or null. */
    public record DeliveryList(List<DeliveryRow> rows, String next) {
    }

    private final EntityManager em;
    private final IncidentQuery query;
    private final IncidentService incidents;
    private final DeliveryApiService deliveryApi;
    private final Deliveries deliveries;
    private final ChangeLog changes;
    private final Clock clock;

    public BoardService(EntityManager em, IncidentQuery query, IncidentService incidents,
            DeliveryApiService deliveryApi, Deliveries deliveries, ChangeLog changes, Clock clock) {
        this.em = em;
        this.changes = changes;
        this.query = query;
        this.incidents = incidents;
        this.deliveryApi = deliveryApi;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** Incidents matching {@code filter}, newest activity first, after {@code cursor} (a bad cursor starts over). */
    @Transactional
    public IncidentList list(IncidentQuery.Filter filter, String cursor) {
        IncidentQuery.After after = null;
        try {
            Cursor c = Cursor.decode(cursor);
            after = c == null ? null : new IncidentQuery.After(c.time(), Long.parseLong(c.id()));
        } catch (InvalidParameterException | NumberFormatException e) {
            // an edited link: show the first page
        }
        List<Incident> found = query.find(filter, after, PAGE_SIZE);
        boolean more = found.size() > PAGE_SIZE;
        List<Incident> page = more ? found.subList(0, PAGE_SIZE) : found;
        Instant now = clock.instant();
        Map<Long, Recurrence> counts = query.counts(page.stream().map(i -> i.id).toList(), now);
        List<IncidentRow> rows = new ArrayList<>(page.size());
        for (Incident i : page) {
            Recurrence r = counts.getOrDefault(i.id, new Recurrence(0, 0, 0));
            rows.add(new IncidentRow(i.id, label(i.risk), riskClass(i.risk), i.title, i.project, i.source,
                    orDash(i.environment), r.lastHour(), r.lastDay(), r.lastWeek(), label(i.status),
                    Ago.relative(i.lastSeen, now), Ago.absolute(i.lastSeen), i.lastSeen.toString()));
        }
        Incident last = more ? page.get(page.size() - 1) : null;
        return new IncidentList(rows, last == null ? null : new Cursor(last.lastSeen, last.id.toString()).encode());
    }

    /** The distinct values of one column of the incidents, for the filter suggestions. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> distinct(String column) {
        if (!Set.of("project", "source", "environment").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        return em.createNativeQuery("select distinct " + column + " from incident where " + column
                + " is not null order by 1 limit 100").getResultList();
    }

    /** Everything about one incident. */
    @Transactional
    public IncidentDetail detail(long id) {
        Incident i = Incident.findById(id);
        if (i == null) {
            throw new IncidentNotFoundException(id);
        }
        Instant now = clock.instant();
        Recurrence r = incidents.recurrence(id, now);
        List<IncidentDetail.Field> fields = new ArrayList<>();
        field(fields, "Incident", "#" + i.id);
        field(fields, "Short id", i.shortId);
        field(fields, "Source", i.source);
        field(fields, "Project", i.project);
        field(fields, "Issue id", i.issueId);
        field(fields, "Culprit", i.culprit);
        field(fields, "Level", i.level);
        field(fields, "Platform", i.platform);
        field(fields, "Environment", i.environment);
        field(fields, "Release", i.release);
        field(fields, "Assignee", i.assignee);
        field(fields, "Alert rule", i.triggeredRule);
        field(fields, "Risk", label(i.risk) + (i.baseRisk != null && i.baseRisk != i.risk
                ? " (from the level: " + label(i.baseRisk) + ")" : ""));
        field(fields, "Status", label(i.status) + (i.status == IncidentStatus.MUTED
                ? " until " + (i.mutedUntil == null ? "unmuted" : Ago.absolute(i.mutedUntil)) : ""));
        field(fields, "Status changed", Ago.absolute(i.statusChangedAt)
                + (i.statusChangedBy == null ? "" : " by " + i.statusChangedBy));
        field(fields, "Seen", r.lastHour() + " in 1 h · " + r.lastDay() + " in 24 h · " + r.lastWeek() + " in 7 d · "
                + i.occurrences + " received in total");
        field(fields, "Regressions", String.valueOf(i.regressions));
        field(fields, "Events in Sentry", i.sentryCount == null ? null : i.sentryCount.toString());
        field(fields, "Users affected", i.userCount == null ? null : i.userCount.toString());
        field(fields, "First seen", Ago.absolute(i.firstSeen) + " (" + Ago.relative(i.firstSeen, now) + ")");
        field(fields, "Last seen", Ago.absolute(i.lastSeen) + " (" + Ago.relative(i.lastSeen, now) + ")");
        IncidentDetail.Analysis analysis = i.analyzedBy == null && i.rootCause == null ? null
                : new IncidentDetail.Analysis(i.rootCause, i.impact, i.fixSuggestion, i.prevention,
                        i.confidence == null ? "-" : Math.round(Math.max(0, Math.min(1, i.confidence)) * 100) + " %",
                        orDash(i.analyzedBy), Ago.absolute(i.analyzedAt));
        IncidentStatus s = i.status;
        return new IncidentDetail(i.id, i.title, label(i.risk), riskClass(i.risk), label(s),
                SafeUrl.http(i.sentryUrl), SourceLink.of(i.source).label(), changes(i), fields, analysis, chart(id, now), timeline(id, now),
                telegram(id), deliveriesOf(id), s == IncidentStatus.OPEN || s == IncidentStatus.MUTED,
                s != IncidentStatus.RESOLVED, s != IncidentStatus.RESOLVED, s != IncidentStatus.OPEN);
    }

    private List<IncidentDetail.Change> changes(Incident i) {
        return changes.before(i.project, i.firstSeen).stream()
                .map(c -> new IncidentDetail.Change(c.title(), c.source(), Ago.absolute(c.at()), SafeUrl.http(c.url())))
                .toList();
    }

    /** Runs one board action as {@code actor}; {@code mute} takes one of {@link #MUTE_CHOICES}. */
    @Transactional
    public void act(long id, String action, String muteFor, String actor) {
        switch (action) {
            case "acknowledge" -> incidents.acknowledge(id, actor, Via.UI);
            case "resolve" -> incidents.resolve(id, actor, Via.UI);
            case "reopen" -> incidents.reopen(id, actor, Via.UI);
            case "mute" -> {
                Duration duration = MUTE_CHOICES.stream().filter(c -> c.getKey().equals(muteFor))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                if (duration == null) {
                    throw new IllegalArgumentException("unknown mute duration");
                }
                incidents.mute(id, duration, actor, Via.UI);
            }
            default -> throw new IllegalArgumentException("unknown action");
        }
    }

    /** Rejected and failed deliveries, newest first. */
    public DeliveryList problemDeliveries(String cursor) {
        DeliveryPage page;
        try {
            page = deliveryApi.list(EnumSet.of(DeliveryStatus.REJECTED, DeliveryStatus.FAILED), DELIVERIES, cursor);
        } catch (InvalidParameterException e) {
            page = deliveryApi.list(EnumSet.of(DeliveryStatus.REJECTED, DeliveryStatus.FAILED), DELIVERIES, null);
        }
        Instant now = clock.instant();
        List<DeliveryRow> rows = new ArrayList<>();
        for (DeliveryView d : page.items()) {
            rows.add(new DeliveryRow(d.id().toString(), Ago.absolute(d.receivedAt()), Ago.relative(d.receivedAt(), now),
                    d.resource(), orDash(d.action()), label(d.status()), d.attempts(), orDash(d.lastError()),
                    d.incidentId(), d.bodyBytes()));
        }
        return new DeliveryList(rows, page.nextCursor());
    }

    /** The exact bytes of a delivery. */
    public byte[] body(String id) {
        return deliveryApi.body(id);
    }

    /** One bar of the chart: the bucket's index from the start of the week, and its occurrences. */
    private record Bucket(int index, long count) {
    }

    private OccurrenceChart chart(long id, Instant now) {
        long bucketSeconds = OccurrenceChart.BUCKET_HOURS * 3600L;
        long[] counts = new long[OccurrenceChart.BUCKETS];
        List<Bucket> buckets = Rows.as(em.createNativeQuery(CHART), r -> new Bucket(r.integer(0), r.whole(1)))
                .setParameter(1, id).setParameter(2, now.minus(Duration.ofDays(7))).setParameter(3, bucketSeconds)
                .getResultList();
        for (Bucket b : buckets) {
            if (b.index() >= 0 && b.index() < counts.length) {
                counts[b.index()] += b.count();
            }
        }
        return OccurrenceChart.of(counts, now);
    }

    /** One entry of the incident's timeline as stored. */
    private record Event(Instant at, String kind, String actor, String via, String detail) {
    }

    private List<IncidentDetail.TimelineEntry> timeline(long id, Instant now) {
        List<Event> events = Rows.as(em.createNativeQuery(TIMELINE), r -> new Event(r.instant(0), r.text(1),
                r.text(2), r.text(3), r.text(4))).setParameter(1, id).getResultList();
        return events.stream().map(e -> new IncidentDetail.TimelineEntry(Ago.absolute(e.at()), e.at().toString(),
                Ago.relative(e.at(), now), what(e.kind()), orDash(e.actor()), via(e.via()), detail(e.detail())))
                .toList();
    }

    /** The incident's Telegram message (all null when none) and its latest notification (all null when none). */
    private record Message(String chatId, Long messageId, Instant sentAt, Instant lastEditAt, String status,
            String kind, Integer attempts, Instant lastSentAt, String lastError) {
    }

    private IncidentDetail.Telegram telegram(long id) {
        Message m = Rows.as(em.createNativeQuery(TELEGRAM), r -> new Message(r.text(0), r.whole(1), r.instant(2),
                r.instant(3), r.text(4), r.text(5), r.integer(6), r.instant(7), r.text(8)))
                .setParameter(1, id).getSingleResult();
        if (m.chatId() == null && m.status() == null) {
            return null;
        }
        return new IncidentDetail.Telegram(m.chatId(), m.messageId() == null ? null : m.messageId().toString(),
                Ago.absolute(m.sentAt()), Ago.absolute(m.lastEditAt()), orDash(lower(m.status())),
                orDash(lower(m.kind())), m.attempts() == null ? 0 : m.attempts(), Ago.absolute(m.lastSentAt()),
                m.lastError());
    }

    private List<IncidentDetail.DeliveryLink> deliveriesOf(long id) {
        return deliveries.ofIncident(id, DELIVERIES).stream().map(d -> new IncidentDetail.DeliveryLink(
                d.id().toString(), Ago.absolute(d.receivedAt()), d.resource(), orDash(d.action()),
                lower(d.status().name()))).toList();
    }

    private static void field(List<IncidentDetail.Field> fields, String label, String value) {
        if (value != null && !value.isBlank()) {
            fields.add(new IncidentDetail.Field(label, value));
        }
    }

    /** The stored detail, with a mute's end ({@code until <ISO instant>}) written the way the board writes times. */
    private static String detail(String detail) {
        if (detail != null && detail.startsWith("until ")) {
            try {
                return "until " + Ago.absolute(Instant.parse(detail.substring(6)));
            } catch (DateTimeParseException e) {
                return detail;
            }
        }
        return detail;
    }

    /** A timeline entry's kind as a person reads it; an unknown kind is shown as stored. */
    static String what(String kind) {
        return switch (kind) {
            case "OPENED" -> "Opened";
            case "REGRESSION" -> "Fired again after being resolved";
            case "MUTE_ENDED" -> "Fired again after the mute ended";
            case "ACKNOWLEDGED" -> "Acknowledged";
            case "MUTED" -> "Muted";
            case "RESOLVED" -> "Resolved";
            case "REOPENED" -> "Reopened";
            case "SEER_ROOT_CAUSE" -> "Seer found the root cause";
            case "SEER_SOLUTION" -> "Seer proposed a solution";
            case "SEER_CODING" -> "Seer started coding a fix";
            case "SEER_PR" -> "Seer opened a pull request";
            default -> kind;
        };
    }

    private static String via(String via) {
        return switch (via) {
            case "SENTRY" -> "Sentry";
            case "WEBHOOK" -> "Webhook";
            case "TELEGRAM" -> "Telegram";
            case "API" -> "API";
            case "UI" -> "Board";
            default -> via;
        };
    }

    static String label(Enum<?> value) {
        if (value == null) {
            return "-";
        }
        String name = value.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    static String riskClass(Risk risk) {
        return "risk-" + (risk == null ? "medium" : risk.name().toLowerCase(Locale.ROOT));
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
