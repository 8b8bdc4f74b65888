package dev.sentrytriage.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One sender of webhooks, reachable at {@code POST /webhooks/{name}}: how its requests are authenticated, what intake
 * checks before storing one, and what a stored body means. Everything after the inbox is source-neutral.
 *
 * <p>Contract: {@link #verify} runs over the raw bytes before anything is parsed, in constant time with respect to
 * the secrets, and fails closed (no secret, no header, a malformed header: false). {@link #inspect} is only called on
 * verified requests and must be cheap (it runs on the event loop). {@link #parse} runs in the worker.
 */
public interface Source {

    /** The path segment and the {@code source} of its deliveries, e.g. {@code foundries}. */
    String name();

    /** Whether at least one secret (or token) is configured; without one every request is refused. */
    boolean configured();

    /** Whether the request is authentic; never throws on bad input. */
    boolean verify(WebhookRequest request);

    /** The cheap well-formedness check at intake, on a verified request: accept, ignore or reject (400). */
    Inspection inspect(WebhookRequest request);

    /**
     * What a stored, verified delivery means: zero or more source-neutral events, in the order they should apply.
     *
     * @throws IOException when the body cannot be read as JSON (it was checked at intake, so this is a bug or a
     *         change of the stored row)
     */
    List<SourceEvent> parse(StoredRequest delivery) throws IOException;

    /** The time the sender put in a header, kept as a hint (unsigned unless the source signs it); null when none. */
    default String hookTimestamp(WebhookRequest request) {
        return null;
    }

    /**
     * The bytes whose digest identifies a delivery: the same digest again is a duplicate. By default the source's name
     * and the sender's idempotency key when it gives one, else the body.
     */
    default byte[] digestInput(WebhookRequest request, Inspection inspection) {
        byte[] tail = inspection.idempotencyKey() != null
                ? ("id\n" + inspection.idempotencyKey()).getBytes(StandardCharsets.UTF_8)
                : request.body();
        byte[] head = (name() + (inspection.idempotencyKey() != null ? "\n" : "\nbody\n"))
                .getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /** The request id the sender put in a header, for the log line (unsigned, logged shortened); null when none. */
    default String requestId(WebhookRequest request) {
        return request.header("Request-ID");
    }
}
