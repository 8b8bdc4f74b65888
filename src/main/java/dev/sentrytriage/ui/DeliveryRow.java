package dev.sentrytriage.ui;

/** One rejected or failed delivery on the deliveries page. */
public record DeliveryRow(String id, String receivedAt, String receivedAgo, String resource, String action,
        String status, int attempts, String reason, Long incidentId, int bodyBytes) {
}
