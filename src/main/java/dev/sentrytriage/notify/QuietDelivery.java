package dev.sentrytriage.notify;

import dev.sentrytriage.incident.Risk;

/**
 * Which messages arrive without a sound ({@code disable_notification}): those of an incident below
 * {@code triage.telegram.notify-min-risk}. CRITICAL is never below it, so it always notifies.
 */
final class QuietDelivery {

    private QuietDelivery() {
    }

    /** Whether a message about something at {@code risk} (null: MEDIUM) goes quietly under {@code minRisk}. */
    static boolean quiet(Risk risk, Risk minRisk) {
        Risk r = risk == null ? Risk.MEDIUM : risk;
        return r != Risk.CRITICAL && minRisk.higherThan(r);
    }

    /** {@code message} with {@code note} (outside text, escaped) as its first line. */
    static RenderedMessage withNote(RenderedMessage message, String note) {
        HtmlText line = new HtmlText().tagged("i", note).newline();
        return new RenderedMessage(line.html() + message.html(), line.plain() + message.plain(), message.keyboard());
    }
}
