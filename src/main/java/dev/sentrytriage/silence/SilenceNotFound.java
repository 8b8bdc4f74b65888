package dev.sentrytriage.silence;

/** No silence has this id. */
public class SilenceNotFound extends RuntimeException {

    public SilenceNotFound(String id) {
        super("no silence has id " + dev.sentrytriage.text.LogSafe.value(id));
    }
}
