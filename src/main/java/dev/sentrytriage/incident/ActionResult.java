package dev.sentrytriage.incident;

/** The incident after an operator action, and whether the action changed it (pressing twice changes nothing). */
public record ActionResult(Incident incident, boolean changed) {
}
