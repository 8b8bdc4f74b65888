package dev.sentrytriage.api;

import java.time.Instant;
import java.util.List;

import dev.sentrytriage.silence.MaintenanceWindows;
import dev.sentrytriage.silence.SilenceRequest.MatcherSpec;
import dev.sentrytriage.silence.SilenceRule;

/**
 * A silence as the API shows it. {@code state} is {@code pending}, {@code active} or {@code expired}; a maintenance
 * window is active while it is in force (between its start and end), and {@code silencingNow} says whether one of its
 * occurrences is under way. Windows from {@code TRIAGE_MAINTENANCE} have ids {@code maintenance:<name>} and are
 * created by {@code config}.
 */
public record SilenceView(String id, List<MatcherSpec> matchers, Instant startsAt, Instant endsAt, String comment,
        String createdBy, Instant createdAt, String state, boolean silencingNow, Recurrence recurrence) {

    /** The weekly window of a maintenance window. */
    public record Recurrence(List<String> days, String start, String duration, String timeZone) {
    }

    /** The rule at {@code now}; a configured window has no start and no creation time. */
    static SilenceView of(SilenceRule r, Instant now) {
        boolean configured = r.id().startsWith(MaintenanceWindows.ID_PREFIX);
        return new SilenceView(r.id(),
                r.matchers().stream().map(m -> new MatcherSpec(m.field().key(), m.op().symbol(), m.value())).toList(),
                configured ? null : r.startsAt(), r.endsAt(), r.comment(), r.createdBy(),
                configured ? null : r.createdAt(), r.state(now),
                r.silencing(now).isPresent(),
                r.window() == null ? null : new Recurrence(r.window().dayNames(), r.window().start().toString(),
                        r.window().duration().toString(), r.window().zone().getId()));
    }
}
