package dev.sentrytriage.silence;

import java.time.Instant;

/**
 * A silence was created or expired, published in the transaction that stored the change: whatever a silence held
 * back is looked at again (the notification sender observes it).
 *
 * @param at when, by the service's clock
 * @param recheckAt when every replica will have read the change (its silence cache refreshed)
 */
public record SilencesChanged(Instant at, Instant recheckAt) {
}
