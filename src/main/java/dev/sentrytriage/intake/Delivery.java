package dev.sentrytriage.intake;

/** One webhook request as received: the raw body and the unsigned headers kept as hints. */
public record Delivery(String resource, String action, String requestId, String hookTimestamp, byte[] body) {
}
