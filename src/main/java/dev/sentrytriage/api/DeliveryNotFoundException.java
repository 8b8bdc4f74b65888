package dev.sentrytriage.api;

/** No delivery has this id. */
public class DeliveryNotFoundException extends RuntimeException {

    public DeliveryNotFoundException(String id) {
        super("delivery " + Params.shown(id) + " not found");
    }
}
