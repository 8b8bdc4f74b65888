package dev.sentrytriage.intake;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The webhook's JSON answer: the delivery id when one was stored, the outcome, and a short safe reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntakeAnswer(String deliveryId, String status, String error, String detail) {

    static IntakeAnswer of(IntakeOutcome outcome) {
        String reason = outcome.reason();
        boolean failure = outcome.status() >= 400;
        return new IntakeAnswer(outcome.deliveryId() == null ? null : outcome.deliveryId().toString(),
                outcome.kind().label(), failure ? reason : null, failure ? null : reason);
    }
}
