package dev.sentrytriage.source;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.sentry.SentryResource;

/**
 * A source whose bodies are JSON objects: its name, the streaming read of the top level that intake inspects, and
 * the tree of a stored body that the worker parses.
 */
public abstract class JsonSource implements Source {

    private final String name;
    private final ObjectMapper mapper;

    /** For the client proxy of a normal-scoped subclass (CDI needs a no-args constructor up the hierarchy). */
    protected JsonSource() {
        this(null, null);
    }

    protected JsonSource(String name, ObjectMapper mapper) {
        this.name = name;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return name;
    }

    /** The top level of the request's body, or null when it is not exactly one well-formed JSON object. */
    protected JsonTop top(WebhookRequest request) {
        return JsonTop.read(mapper.getFactory(), request.body());
    }

    /** A stored body as a tree. */
    protected JsonNode tree(StoredRequest delivery) throws IOException {
        return mapper.readTree(SentryResource.decode(delivery.body()));
    }
}
