package dev.sentrytriage.source;

/**
 * What intake learned from a verified body without building a tree: the verdict, the resource and action to record,
 * the key it is about (for the log line), and the idempotency key the sender gives (null: the body's digest is).
 */
public record Inspection(Verdict verdict, String resource, String action, String key, String idempotencyKey,
        String reason) {

    /** What happens to the delivery. */
    public enum Verdict {
        /** Stored and processed by the worker. */
        ACCEPT,
        /** Stored and marked ignored: nothing to triage. */
        IGNORE,
        /** Stored as rejected and answered 400 with the reason. */
        REJECT
    }

    public static Inspection accept(String resource, String action, String key) {
        return new Inspection(Verdict.ACCEPT, resource, action, key, null, null);
    }

    public static Inspection ignore(String resource, String action, String reason) {
        return new Inspection(Verdict.IGNORE, resource, action, null, null, reason);
    }

    public static Inspection reject(String resource, String reason) {
        return new Inspection(Verdict.REJECT, resource, null, null, null, reason);
    }

    /** The same inspection, deduplicated by the sender's idempotency key instead of the body. */
    public Inspection withIdempotencyKey(String idempotencyKey) {
        return new Inspection(verdict, resource, action, key, idempotencyKey, reason);
    }
}
