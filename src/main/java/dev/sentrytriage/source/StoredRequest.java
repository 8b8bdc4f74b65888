package dev.sentrytriage.source;

import java.time.Instant;

/** A stored delivery as the worker reads it back: what intake recorded about it and the exact body. */
public record StoredRequest(String resource, String requestId, byte[] body, Instant receivedAt) {
}
