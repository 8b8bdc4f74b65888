package dev.sentrytriage.intake;

/**
 * One webhook request as received: the source that sent it, the raw body, the unsigned headers kept as hints, and
 * the bytes whose digest identifies it (a replay with the same digest is a duplicate).
 */
public record Delivery(String source, String resource, String action, String requestId, String hookTimestamp,
        byte[] body, byte[] digestInput) {

    /** A Sentry delivery, identified by its body as before sources existed. */
    public Delivery(String resource, String action, String requestId, String hookTimestamp, byte[] body) {
        this("sentry", resource, action, requestId, hookTimestamp, body, body);
    }
}
