package dev.sentrytriage.silence;

/** A silence that cannot be changed through the API (a window from {@code TRIAGE_MAINTENANCE}). */
public class SilenceReadOnly extends RuntimeException {

    public SilenceReadOnly(String message) {
        super(message);
    }
}
