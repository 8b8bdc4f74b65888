package dev.sentrytriage.silence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.silence.SilenceRequest.MatcherSpec;
import dev.sentrytriage.silence.WeeklyWindow.Interval;
import dev.sentrytriage.text.StoredText;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Silences: created and expired through the API, stored in PostgreSQL (so they survive restarts and hold on every
 * replica), plus the maintenance windows of {@code TRIAGE_MAINTENANCE}. The rules in force are cached for
 * {@code triage.silence-refresh}; a change made here is seen at once on this replica and within that time on the
 * others.
 */
@ApplicationScoped
public class SilenceService {

    /** Who the API's silences are created by. */
    public static final String API = "api";
    /** Most matchers in one silence. */
    public static final int MAX_MATCHERS = 20;
    /** Most silences {@link #list} answers (the newest first), besides the configured windows. */
    public static final int MAX_LISTED = 500;
    private static final TypeReference<List<MatcherSpec>> SPECS = new TypeReference<>() {
    };

    private final Clock clock;
    private final ObjectMapper mapper;
    private final Event<SilencesChanged> changed;
    private final List<SilenceRule> configured;
    private final Duration refresh;
    private volatile Cached cached;

    /** When a notification is held: from the start of the silences that hold it until no silence does. */
    public record Hold(Instant since, Instant until) {
    }

    private record Cached(List<SilenceRule> rules, Instant loadedAt) {
    }

    public SilenceService(Clock clock, ObjectMapper mapper, Event<SilencesChanged> changed, TriageConfig config) {
        this.clock = clock;
        this.mapper = mapper;
        this.changed = changed;
        this.configured = MaintenanceWindows.parse(config.maintenance().orElse(List.of()));
        this.refresh = config.silenceRefresh();
    }

    /** Checks and stores a new silence created by {@code api}; {@link SilenceRejected} says what is wrong. */
    @Transactional
    public SilenceRule create(SilenceRequest request) {
        if (request == null) {
            throw new SilenceRejected("a silence needs a JSON body with matchers and endsAt (or a recurrence)");
        }
        Instant now = clock.instant();
        List<MatcherSpec> specs = request.matchers() == null ? List.of() : request.matchers();
        if (specs.isEmpty() || specs.size() > MAX_MATCHERS) {
            throw new SilenceRejected("matchers must hold 1 to " + MAX_MATCHERS + " conditions, e.g. "
                    + "[{\"field\":\"title\",\"op\":\"=~\",\"value\":\"Timeout.*\"}]");
        }
        List<Matcher> matchers = new ArrayList<>();
        for (MatcherSpec spec : specs) {
            if (spec == null) {
                throw new SilenceRejected("a matcher is null; write {\"field\":...,\"op\":...,\"value\":...}");
            }
            matchers.add(Matcher.of(spec.field(), spec.op(), spec.value()));
        }
        Instant startsAt = request.startsAt() == null ? now : time("startsAt", request.startsAt());
        Instant endsAt = request.endsAt() == null ? null : time("endsAt", request.endsAt());
        WeeklyWindow window = null;
        if (request.recurrence() != null) {
            SilenceRequest.RecurrenceSpec r = request.recurrence();
            window = WeeklyWindow.of(r.days(), r.start(), r.duration(), r.timeZone());
        } else if (endsAt == null) {
            throw new SilenceRejected("endsAt is required (ISO-8601, e.g. 2026-03-29T03:00:00Z), unless a recurrence "
                    + "makes this a maintenance window");
        }
        if (endsAt != null && !endsAt.isAfter(startsAt)) {
            throw new SilenceRejected("endsAt must be after startsAt");
        }
        if (endsAt != null && !endsAt.isAfter(now)) {
            throw new SilenceRejected("endsAt is in the past: this silence would never hold anything");
        }
        Silence s = new Silence();
        s.id = UUID.randomUUID();
        s.matchers = json(matchers);
        s.startsAt = startsAt;
        s.endsAt = endsAt;
        s.comment = StoredText.clean(request.comment(), StoredText.MAX_TEXT);
        s.createdBy = API;
        s.createdAt = now;
        if (window != null) {
            s.recurDays = window.dayNames().stream().collect(Collectors.joining(","));
            s.recurStart = window.start().toString();
            s.recurDuration = window.duration().toString();
            s.recurZone = window.zone().getId();
        }
        s.persist();
        changedNow(now);
        return rule(s);
    }

    /** Silences in {@code state} ({@code active}, {@code pending}, {@code expired}; all when null), newest first. */
    @Transactional
    public List<SilenceRule> list(String state) {
        Instant now = clock.instant();
        List<SilenceRule> all = new ArrayList<>();
        String where = switch (state == null ? "" : state) {
            case "active" -> "startsAt <= ?1 and (endsAt is null or endsAt > ?1)";
            case "pending" -> "startsAt > ?1";
            case "expired" -> "endsAt <= ?1";
            default -> null;
        };
        List<Silence> stored = (where == null ? Silence.<Silence>find("order by createdAt desc, id")
                : Silence.<Silence>find(where + " order by createdAt desc, id", now)).page(0, MAX_LISTED).list();
        stored.forEach(s -> all.add(rule(s)));
        all.addAll(configured);
        return all.stream().filter(r -> state == null || r.state(now).equals(state)).toList();
    }

    /**
     * Expires a silence now (a pending one never starts); what it held is looked at again within the refresh time.
     * Expiring an expired silence changes nothing.
     */
    @Transactional
    public void expire(String id) {
        if (id != null && id.startsWith(MaintenanceWindows.ID_PREFIX)
                && configured.stream().anyMatch(r -> r.id().equals(id))) {
            throw new SilenceReadOnly("this window is defined in TRIAGE_MAINTENANCE; remove it there and restart");
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SilenceNotFound(id);
        }
        Silence s = Silence.findById(uuid);
        if (s == null) {
            throw new SilenceNotFound(id);
        }
        Instant now = clock.instant();
        if (s.endsAt != null && !s.endsAt.isAfter(now)) {
            return;
        }
        s.endsAt = now;
        if (s.startsAt.isAfter(now)) {
            s.startsAt = now;
        }
        changedNow(now);
    }

    /**
     * Whether a silence holds the incident's messages at {@code now}: since when (the earliest start of the silences
     * holding it) and until when (the first moment no silence holds it, followed over silences that overlap).
     */
    public Optional<Hold> hold(Incident incident, Instant now) {
        List<SilenceRule> matching = rules(now).stream().filter(r -> r.matches(incident)).toList();
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        Instant since = null;
        Instant t = now;
        for (int step = 0; step < 50; step++) {
            Instant end = null;
            for (SilenceRule rule : matching) {
                Optional<Interval> interval = rule.silencing(t);
                if (interval.isPresent()) {
                    end = end == null || interval.get().end().isAfter(end) ? interval.get().end() : end;
                    if (step == 0 && (since == null || interval.get().start().isBefore(since))) {
                        since = interval.get().start();
                    }
                }
            }
            if (end == null) {
                break;
            }
            t = end;
        }
        return since == null ? Optional.empty() : Optional.of(new Hold(since, t));
    }

    /** The configured maintenance windows. */
    public List<SilenceRule> configured() {
        return configured;
    }

    /** The rules in force or to come, from the cache when it is younger than the refresh time. */
    List<SilenceRule> rules(Instant now) {
        Cached c = cached;
        if (c != null && !now.isBefore(c.loadedAt()) && now.isBefore(c.loadedAt().plus(refresh))) {
            return c.rules();
        }
        List<SilenceRule> rules = new ArrayList<>(configured);
        List<Silence> stored = QuarkusTransaction.requiringNew()
                .call(() -> Silence.<Silence>list("endsAt is null or endsAt > ?1", now));
        stored.forEach(s -> rules.add(rule(s)));
        cached = new Cached(List.copyOf(rules), now);
        return cached.rules();
    }

    private void changedNow(Instant now) {
        cached = null;
        changed.fire(new SilencesChanged(now, now.plus(refresh)));
    }

    private SilenceRule rule(Silence s) {
        List<Matcher> matchers = new ArrayList<>();
        try {
            for (MatcherSpec spec : mapper.readValue(s.matchers, SPECS)) {
                matchers.add(Matcher.of(spec.field(), spec.op(), spec.value()));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("silence " + s.id + " has unreadable matchers", e);
        }
        WeeklyWindow window = s.recurDays == null ? null
                : WeeklyWindow.of(Arrays.asList(s.recurDays.split(",")), s.recurStart, s.recurDuration, s.recurZone);
        return new SilenceRule(s.id.toString(), matchers, s.startsAt, s.endsAt, window, s.comment, s.createdBy,
                s.createdAt);
    }

    private String json(List<Matcher> matchers) {
        try {
            return mapper.writeValueAsString(matchers.stream()
                    .map(m -> new MatcherSpec(m.field().key(), m.op().symbol(), m.value())).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant time(String name, String value) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new SilenceRejected(name + " '" + Matcher.shown(value) + "' is not an ISO-8601 time such as "
                    + "2026-03-29T01:00:00Z");
        }
    }
}
