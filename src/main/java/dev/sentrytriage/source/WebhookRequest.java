package dev.sentrytriage.source;

import java.util.function.UnaryOperator;

/** One webhook request as received: the exact body bytes and a way to read its (unsigned) headers by name. */
public record WebhookRequest(byte[] body, UnaryOperator<String> headers) {

    public WebhookRequest {
        body = body == null ? new byte[0] : body;
    }

    /** The first value of the header, or null. */
    public String header(String name) {
        return headers.apply(name);
    }
}
