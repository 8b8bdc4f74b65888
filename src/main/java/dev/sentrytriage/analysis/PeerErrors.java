package dev.sentrytriage.analysis;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import dev.sentrytriage.infra.RetryAfter;

/** Turns what a peer answered (or did not) into a {@link PeerException}, keeping no payload. */
final class PeerErrors {

    // OpenAI: {"error":{"message":..,"type":..,"code":"insufficient_quota"}}; other servers often only have a type
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Za-z0-9_.-]{1,64})\"");
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([A-Za-z0-9_.-]{1,64})\"");
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
        String code = find(CODE, body);
        if (response.getStatus() == 400 && body != null && body.contains("response_format")) {
            code = "response_format"; // the server does not support JSON mode; the client asks without it
        }
        if (code == null) {
            code = find(TYPE, body);
        }
        return new PeerException(PeerException.Kind.HTTP, response.getStatus(), code,
                retryAfter(response.getHeaderString("Retry-After")), "HTTP " + response.getStatus());
    }

    /** The exception for a call that got no answer: a timeout or an I/O failure. */
    static PeerException fromProcessing(ProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName().toLowerCase();
            String message = String.valueOf(t.getMessage()).toLowerCase();
            if (name.contains("timeout") || message.contains("timeout") || message.contains("timed out")) {
                return PeerException.of(PeerException.Kind.TIMEOUT, "timeout");
            }
        }
        return PeerException.of(PeerException.Kind.IO, "unreachable");
    }

    /** {@code Retry-After} as delta seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        return RetryAfter.parse(header);
    }

    private static String find(Pattern p, String body) {
        if (body == null) {
            return null;
        }
        Matcher m = p.matcher(body);
        return m.find() ? m.group(1) : null;
    }
}
