package dev.sentrytriage.sentry;

/**
 * What one Seer webhook (Sentry's AI, {@code Sentry-Hook-Resource: seer}) says about a Sentry issue.
 *
 * @param issueId the issue ({@code data.group_id})
 * @param kind what happened
 * @param runId Seer's run, for the timeline; may be null
 * @param text the root cause or the solution, as plain text; null for the other kinds
 * @param prUrl the first pull request's http(s) link ({@code pr_created}); null otherwise
 */
public record SeerEvent(String issueId, Kind kind, String runId, String text, String prUrl) {

    /** The Seer webhooks that mean something here; the others are recorded as {@link #OTHER}. */
    public enum Kind {
        /** {@code root_cause_completed}: becomes the incident's root cause. */
        ROOT_CAUSE,
        /** {@code solution_completed}: becomes the incident's fix. */
        SOLUTION,
        /** {@code coding_started}: a timeline entry. */
        CODING_STARTED,
        /** {@code pr_created}: a button to the pull request. */
        PR_CREATED,
        /** Started, coding completed, anything new: nothing to do. */
        OTHER
    }
}
