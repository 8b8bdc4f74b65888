package dev.sentrytriage.intake;

import java.util.UUID;

/** The outcome of storing a delivery: its id, its status, and whether the same body had been stored before. */
public record StoredDelivery(UUID id, DeliveryStatus status, boolean duplicate) {
}
