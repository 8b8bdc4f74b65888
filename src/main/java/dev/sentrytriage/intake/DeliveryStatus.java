package dev.sentrytriage.intake;

/** Where a stored delivery stands. */
public enum DeliveryStatus {
    /** Stored, waiting for the worker (or for a retry). */
    PENDING,
    /** Claimed by a worker whose lease has not expired. */
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
