package dev.sentrytriage.api;

/** The delivery is kept but its body was dropped by retention; answered 410 with this message. */
public class BodyDroppedException extends RuntimeException {

    public BodyDroppedException(String id) {
        super("the body of delivery " + Params.shown(id) + " was dropped by retention (TRIAGE_RETENTION_*)");
    }
}
