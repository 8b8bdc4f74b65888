package dev.sentrytriage.intake;

/**
 * One webhook request as received: the source that sent it, the raw body, the unsigned headers kept as hints, and
 * the bytes whose digest identifies it (a replay with the same digest is a duplicate).
 */
public record Delivery(String source, String resource, String action, String requestId, String hookTimestamp,
        byte[] body, byte[] digestInput) {

    /**
     * This delivery without the header hints (action, request id, timestamp): what is kept for the record when the
     * database refuses their values. Source, resource and body stay.
     */
    public Delivery withoutHints() {
        return new Delivery(source, resource, null, null, null, body, digestInput);
    }
}
