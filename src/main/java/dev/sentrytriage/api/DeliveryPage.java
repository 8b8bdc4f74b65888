package dev.sentrytriage.api;

import java.util.List;

import dev.sentrytriage.intake.DeliveryView;

/** One page of deliveries; {@code nextCursor} fetches the next one and is null on the last page. */
public record DeliveryPage(List<DeliveryView> items, String nextCursor) {
}
