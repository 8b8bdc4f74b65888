package dev.sentrytriage.silence;

/** A silence, matcher or maintenance window that cannot be used; the message says what would work. */
public class SilenceRejected extends RuntimeException {

    public SilenceRejected(String message) {
        super(message);
    }
}
