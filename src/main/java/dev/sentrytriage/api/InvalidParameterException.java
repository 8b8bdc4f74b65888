package dev.sentrytriage.api;

/** A query parameter, cursor or request field the API cannot use; answered 400 with this message. */
public class InvalidParameterException extends RuntimeException {

    public InvalidParameterException(String message) {
        super(message);
    }
}
