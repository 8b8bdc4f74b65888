package dev.sentrytriage.incident;

/** Through what a change of an incident came: recorded with each entry of its timeline. */
public enum Via {
    /** A Sentry webhook (a new issue, a regression, resolved or ignored in Sentry, a mute that ran out). */
    SENTRY,
    /** Another source's webhook (Alertmanager, a CI, any Standard Webhooks sender). */
    WEBHOOK,
    /** A button pressed under the Telegram message. */
    TELEGRAM,
    /** The operator API under {@code /api}. */
    API,
    /** The incident board in the browser. */
    UI
}
