package dev.sentrytriage.analysis;

import java.time.Duration;

/**
 * A call to a peer (the AI analyzer or Sentry's API) that gave no usable answer. Carries only what decides what to do
 * next: the kind, the HTTP status, the peer's error code and its {@code Retry-After}; never a payload or a secret.
 */
public class PeerException extends RuntimeException {

    /** Why the call failed. */
    public enum Kind {
        /** The peer answered with an HTTP error status. */
        HTTP,
        /** No answer within the timeout. */
        TIMEOUT,
        /** Connection refused, reset, unknown host and the like. */
        IO,
        /** The circuit breaker is open: the peer was not called. */
        CIRCUIT_OPEN,
        /** The concurrency limit is reached: the peer was not called. */
        BUSY,
        /** The peer answered 2xx, but not with something usable (not JSON, cut off, a refusal). */
        INVALID_ANSWER,
        /** Not configured (no URL). */
        NOT_CONFIGURED
    }

    private final Kind kind;
    private final int status;
    private final String code;
    private final Duration retryAfter;

    public PeerException(Kind kind, int status, String code, Duration retryAfter, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public static PeerException of(Kind kind, String message) {
        return new PeerException(kind, 0, null, null, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The peer's error code (OpenAI's {@code error.code}), or null. */
    public String code() {
        return code;
    }

    /** What the peer asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether the same request may succeed if sent again: 429 (but not an exhausted quota) and 5xx. */
    public boolean retryable() {
        if (kind != Kind.HTTP) {
            return false;
        }
        if (status == 429) {
            return !"insufficient_quota".equals(code);
        }
        return status >= 500;
    }

    /** Whether this failure says the peer is unwell, for the circuit breaker. */
    boolean countsAgainstPeer() {
        return kind == Kind.TIMEOUT || kind == Kind.IO || (kind == Kind.HTTP && (status == 429 || status >= 500));
    }

    /** A short reason for logs and the {@code analyzed_by} note, without payload. */
    public String reason() {
        return switch (kind) {
            case HTTP -> "HTTP " + status + (code != null ? " " + code : "");
            case TIMEOUT -> "timeout";
            case IO -> "unreachable";
            case CIRCUIT_OPEN -> "circuit open";
            case BUSY -> "busy";
            case INVALID_ANSWER -> getMessage();
            case NOT_CONFIGURED -> "not configured";
        };
    }
}
