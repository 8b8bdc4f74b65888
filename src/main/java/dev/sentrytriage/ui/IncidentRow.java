package dev.sentrytriage.ui;

/** One line of the incident list, with everything already formatted. */
public record IncidentRow(long id, String risk, String riskClass, String title, String project, String source,
        String environment, long lastHour, long lastDay, long lastWeek, String status, String lastSeen,
        String lastSeenAt, String lastSeenIso) {
}
