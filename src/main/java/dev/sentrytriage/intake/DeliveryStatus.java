package dev.sentrytriage.intake;

/** Where a stored delivery stands. */
public enum DeliveryStatus {
    /** Stored, waiting for the worker (or for a retry), or being applied by one (its row locked). */
    PENDING,
    /**
     * Claimed under a lease by a worker of an earlier release (which claimed in a transaction of its own); taken over
     * once the lease expired. This release's workers claim by row lock and leave the status {@code PENDING}.
     */
    PROCESSING,
    /** Turned into an incident change. */
    DONE,
    /** A resource we do not triage (installation, comment, unknown): kept, nothing to do. */
    IGNORED,
    /** Verified but unusable (not JSON, or missing what its resource needs): kept for inspection. */
    REJECTED,
    /** Processing failed on every attempt: kept with the last error for an operator. */
    FAILED
}
