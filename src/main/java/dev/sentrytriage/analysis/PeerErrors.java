package dev.sentrytriage.analysis;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.analysis.OpenAiRestClient.ErrorAnswer;
import dev.sentrytriage.infra.RetryAfter;

/** Turns what a peer answered (or did not) into a {@link PeerException}, keeping no payload. */
final class PeerErrors {

    /** The code of a 400 that refuses JSON mode; the OpenAI client then asks without it. */
    static final String RESPONSE_FORMAT = "response_format";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 4096;

    private PeerErrors() {
    }

    /** The exception for an HTTP error answer; used by the REST clients' exception mappers. */
    static PeerException fromResponse(Response response) {
        String body = "";
        try {
            if (response.hasEntity()) {
                body = response.readEntity(String.class);
            }
        } catch (RuntimeException e) {
            // no readable body: status and headers are enough
        }
        if (body != null && body.length() > MAX_ERROR_BODY) {
            body = body.substring(0, MAX_ERROR_BODY);
        }
        String code = code(body);
        // servers say it in different places (OpenAI's param, llama.cpp's message, LM Studio's plain error string)
        if (response.getStatus() == 400 && body != null && body.contains(RESPONSE_FORMAT)) {
            code = RESPONSE_FORMAT;
        }
        return new PeerException(PeerException.Kind.HTTP, response.getStatus(), code,
                RetryAfter.parse(response.getHeaderString("Retry-After")), "HTTP " + response.getStatus());
    }

    /**
     * OpenAI's {@code error.code} ({@code insufficient_quota}, {@code invalid_api_key}), else its {@code error.type}
     * (what other servers often have alone); null when the body is no such error (not JSON, another shape).
     */
    static String code(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            ErrorAnswer answer = JSON.readValue(body, ErrorAnswer.class);
            ErrorAnswer.Error error = answer == null ? null : answer.error();
            if (error == null) {
                return null;
            }
            String code = token(error.code());
            return code != null ? code : token(error.type());
        } catch (Exception e) {
            return null; // untrusted text: no code to act on
        }
    }

    /**
     * The exception for a call that got no answer (a timeout or an I/O failure), or whose 2xx answer was JSON of
     * another shape than the record it is read into: that is the answer's fault, not the peer's health.
     */
    static PeerException fromProcessing(ProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException) {
                return PeerException.of(PeerException.Kind.INVALID_ANSWER, "answer unreadable");
            }
            String name = t.getClass().getSimpleName().toLowerCase();
            String message = String.valueOf(t.getMessage()).toLowerCase();
            if (name.contains("timeout") || message.contains("timeout") || message.contains("timed out")) {
                return PeerException.of(PeerException.Kind.TIMEOUT, "timeout");
            }
        }
        return PeerException.of(PeerException.Kind.IO, "unreachable");
    }

    /** A code fit for a log line and {@code analyzed_by}: short, of plain characters; null otherwise. */
    private static String token(Object value) {
        return value instanceof String s && s.matches("[A-Za-z0-9_.-]{1,64}") ? s : null;
    }
}
