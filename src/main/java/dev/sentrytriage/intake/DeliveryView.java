package dev.sentrytriage.intake;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored delivery for inspection, without its body (that is {@code GET /api/deliveries/{id}/body}); {@code bodyBytes}
 * is null once retention has dropped the body.
 */
public record DeliveryView(
        UUID id,
        Instant receivedAt,
        String resource,
        String action,
        String requestId,
        DeliveryStatus status,
        int attempts,
        Instant nextAttemptAt,
        Instant processedAt,
        String lastError,
        Long incidentId,
        Integer bodyBytes) {
}
