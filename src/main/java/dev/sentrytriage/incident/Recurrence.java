package dev.sentrytriage.incident;

/** Occurrences of one incident in the last hour, day and week. */
public record Recurrence(long lastHour, long lastDay, long lastWeek) {
}
