package dev.sentrytriage.silence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.silence.WeeklyWindow.Interval;

/**
 * A silence ready to be applied: every matcher must match. Without a window it silences from {@code startsAt} to
 * {@code endsAt}; with one (a maintenance window) it silences during each occurrence of the window between
 * {@code startsAt} and {@code endsAt} (no end when null).
 *
 * @param id the stored silence's id, or {@code maintenance:<name>} for one from {@code TRIAGE_MAINTENANCE}
 */
public record SilenceRule(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, WeeklyWindow window,
        String comment, String createdBy, Instant createdAt) {

    public SilenceRule {
        matchers = List.copyOf(matchers);
    }

    /** Whether every matcher matches the incident. */
    public boolean matches(Incident incident) {
        for (Matcher m : matchers) {
            if (!m.matches(incident)) {
                return false;
            }
        }
        return true;
    }

    /** The stretch of silence that contains {@code t}, if the rule silences at {@code t}. */
    public Optional<Interval> silencing(Instant t) {
        if (t.isBefore(startsAt) || (endsAt != null && !t.isBefore(endsAt))) {
            return Optional.empty();
        }
        if (window == null) {
            return Optional.of(new Interval(startsAt, endsAt));
        }
        return window.at(t).map(w -> new Interval(w.start().isBefore(startsAt) ? startsAt : w.start(),
                endsAt != null && endsAt.isBefore(w.end()) ? endsAt : w.end()));
    }

    /** {@code pending} before it starts, {@code expired} once it ended, else {@code active}. */
    public String state(Instant now) {
        if (endsAt != null && !now.isBefore(endsAt)) {
            return "expired";
        }
        return now.isBefore(startsAt) ? "pending" : "active";
    }
}
