package dev.sentrytriage.silence;

import java.util.List;

/**
 * A new silence as the API receives it; {@link SilenceService#create} checks every part. Times are ISO-8601
 * ({@code 2026-03-29T01:00:00Z} or with an offset).
 *
 * @param matchers conditions that must all match (at least one)
 * @param startsAt when it starts; now when absent
 * @param endsAt when it ends; required unless {@code recurrence} is given
 * @param comment why, for the humans who find it later
 * @param recurrence makes it a maintenance window: silencing only during each occurrence
 */
public record SilenceRequest(List<MatcherSpec> matchers, String startsAt, String endsAt, String comment,
        RecurrenceSpec recurrence) {

    /** One matcher: {@code {"field": "title", "op": "=~", "value": "Timeout.*"}}. */
    public record MatcherSpec(String field, String op, String value) {
    }

    /** A weekly window: {@code {"days": ["MON-FRI"], "start": "01:00", "duration": "PT2H", "timeZone": "Europe/Berlin"}}. */
    public record RecurrenceSpec(List<String> days, String start, String duration, String timeZone) {
    }
}
