package dev.sentrytriage.incident;

/** What a delivery means for its incident. */
public enum TriageEvent {
    /** The problem happened (again): counts go up, a resolved incident reopens as a regression. */
    OCCURRENCE,
    /** Sentry marked the issue (or metric alert) resolved. */
    RESOLVED,
    /** Sentry archived (ignored) the issue. */
    MUTED,
    /** Sentry unresolved the issue. */
    UNRESOLVED,
    /** Sentry assigned the issue to someone. */
    ASSIGNED,
    /** Nothing to do for the incident (an issue action we do not act on). */
    NONE
}
