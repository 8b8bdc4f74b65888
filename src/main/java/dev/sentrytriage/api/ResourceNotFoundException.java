package dev.sentrytriage.api;

/** A path names nothing this API has (e.g. an incident id that is not a number); answered 404 with this message. */
public class ResourceNotFoundException extends RuntimeException {

    public ResourceNotFoundException(String message) {
        super(message);
    }
}
