package dev.sentrytriage.intake;

import java.util.UUID;

/** What the webhook answers: an HTTP status and a short, safe reason. */
public record IntakeOutcome(int status, Kind kind, UUID deliveryId, String reason) {

    /** The outcomes a delivery can have; each is counted and logged. */
    public enum Kind {
        ACCEPTED(202), IGNORED(202), DUPLICATE(200), BAD_SIGNATURE(401), NO_SECRET(401), TOO_LARGE(413),
        INVALID(400), UNAVAILABLE(503);

        final int status;

        Kind(int status) {
            this.status = status;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static IntakeOutcome of(Kind kind, UUID deliveryId, String reason) {
        return new IntakeOutcome(kind.status, kind, deliveryId, reason);
    }
}
