package dev.sentrytriage.writeback;

/** Where a write-back to Sentry stands ({@code sentry_sync.state}). */
public enum SyncState {
    /** Waiting to be sent (again). */
    PENDING,
    /** Claimed by a worker, under its lease. */
    SENDING,
    /** Sentry took it. */
    SYNCED,
    /** Sentry refused it for good (401, 403, 404, 400) or it cannot be sent (no organization). */
    FAILED,
    /** Still failing after the last try (5xx, timeouts, 429). */
    DEAD
}
