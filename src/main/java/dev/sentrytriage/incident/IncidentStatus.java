package dev.sentrytriage.incident;

/** Lifecycle of an incident. */
public enum IncidentStatus {
    OPEN, ACKNOWLEDGED, MUTED, RESOLVED
}
