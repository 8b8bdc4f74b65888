package dev.sentrytriage.incident;

/** The action does not apply to the incident in its current status (e.g. acknowledging a resolved incident). */
public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(String message) {
        super(message);
    }
}
