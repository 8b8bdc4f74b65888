package dev.sentrytriage.api;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.intake.Deliveries;
import dev.sentrytriage.intake.DeliveryStatus;
import dev.sentrytriage.intake.DeliveryView;

/**
 * Reads the delivery inbox for operators: rejected and failed deliveries are kept there for inspection. Reads
 * through the table's owner ({@link Deliveries}); nothing here changes a delivery.
 */
@ApplicationScoped
public class DeliveryApiService {

    private final Deliveries deliveries;

    public DeliveryApiService(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    /** Deliveries in the given statuses (all when empty), newest first, after {@code cursor}. */
    public DeliveryPage list(Set<DeliveryStatus> statuses, int limit, String cursor) {
        Cursor after = Cursor.decode(cursor);
        UUID afterId = after == null ? null : uuid(after.id(), true);
        List<DeliveryView> items = deliveries.list(statuses, after == null ? null : after.time(), afterId, limit + 1);
        boolean more = items.size() > limit;
        if (more) {
            items = items.subList(0, limit);
        }
        DeliveryView last = more ? items.get(items.size() - 1) : null;
        return new DeliveryPage(items,
                last == null ? null : new Cursor(last.receivedAt(), last.id().toString()).encode());
    }

    /** One delivery by id. */
    public DeliveryView get(String id) {
        return deliveries.find(uuid(id, false)).orElseThrow(() -> new DeliveryNotFoundException(id));
    }

    /** The exact bytes Sentry sent for a delivery, unless retention has dropped them. */
    public byte[] body(String id) {
        byte[] body = deliveries.body(uuid(id, false)).orElseThrow(() -> new DeliveryNotFoundException(id)).bytes();
        if (body == null) {
            throw new BodyDroppedException(id);
        }
        return body;
    }

    private static UUID uuid(String id, boolean fromCursor) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            if (fromCursor) {
                throw new InvalidParameterException("cursor is not one this API handed out; start again without it");
            }
            throw new DeliveryNotFoundException(id);
        }
    }
}
