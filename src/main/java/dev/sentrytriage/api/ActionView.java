package dev.sentrytriage.api;

/** The incident after an action, and whether the action changed it (repeating an action changes nothing). */
public record ActionView(boolean changed, IncidentView incident) {
}
