package dev.sentrytriage.writeback;

import java.time.Duration;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.infra.RetryAfter;
import dev.sentrytriage.text.StoredText;

/**
 * Sentry answered a write-back with an error status: the status, its {@code Retry-After} and the {@code detail} it
 * gave (cut short: it is shown on the incident), never the request or the token.
 */
public class SentryWriteException extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 4096;
    private static final int MAX_DETAIL = 160;

    private final int status;
    private final Duration retryAfter;
    private final String detail;

    SentryWriteException(int status, Duration retryAfter, String detail) {
        super("HTTP " + status, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
        this.detail = detail;
    }

    static SentryWriteException of(Response response) {
        String detail = null;
        try {
            if (response.hasEntity()) {
                String body = response.readEntity(String.class);
                if (body != null && !body.isBlank() && body.length() <= MAX_BODY) {
                    Object d = JSON.readValue(body, SentryIssueRestClient.ErrorAnswer.class).detail();
                    detail = d instanceof String s ? StoredText.clean(s, MAX_DETAIL) : null;
                }
            }
        } catch (Exception e) {
            // not JSON, or no detail: the status says enough
        }
        return new SentryWriteException(response.getStatus(), RetryAfter.parse(response.getHeaderString("Retry-After")),
                detail);
    }

    public int status() {
        return status;
    }

    /** What Sentry asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether the same request may succeed later: 429 and 5xx. */
    public boolean retryable() {
        return status == 429 || status >= 500;
    }

    /** The outcome as shown on the incident, e.g. {@code 403 You do not have permission to perform this action.} */
    public String reason() {
        return detail == null ? String.valueOf(status) : status + " " + detail;
    }
}
