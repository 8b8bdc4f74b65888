package dev.sentrytriage.source;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A JSON source authenticated by an {@link HmacSignature} of the body in one header. */
public abstract class HmacSource extends JsonSource {

    private final HmacSignature signature;
    private final String header;

    /** For the client proxy of a normal-scoped subclass (CDI needs a no-args constructor up the hierarchy). */
    protected HmacSource() {
        this(null, null, null, null);
    }

    protected HmacSource(String name, HmacSignature signature, String header, ObjectMapper mapper) {
        super(name, mapper);
        this.signature = signature;
        this.header = header;
    }

    @Override
    public boolean configured() {
        return signature.configured();
    }

    @Override
    public boolean verify(WebhookRequest request) {
        return signature.verify(request.body(), request.header(header));
    }
}
