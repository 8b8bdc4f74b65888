package dev.sentrytriage.source.standardwebhooks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

import dev.sentrytriage.change.ChangeEvent;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.TriageEvent;
import dev.sentrytriage.source.Inspection;
import dev.sentrytriage.source.JsonSource;
import dev.sentrytriage.source.JsonTop;
import dev.sentrytriage.source.SourceEvent;
import dev.sentrytriage.source.SourceText;
import dev.sentrytriage.source.StoredRequest;
import dev.sentrytriage.source.WebhookRequest;

/**
 * One generic sender that follows the Standard Webhooks specification, at {@code /webhooks/{name}}: headers
 * {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature} ({@code v1,<base64>}, several separated
 * by spaces), HMAC-SHA256 over {@code id.timestamp.body} with the base64 key after {@code whsec_}. The keys and the
 * signing come from the specification's Java library; the timestamp window is checked here against the service's
 * clock (the library reads the wall clock), and every key and signature is compared in constant time.
 * {@code webhook-id} is the idempotency key: a retry with a new timestamp is a duplicate.
 *
 * <p>Body: a generic alert {@code {"key", "title", "level", "status": "firing|resolved", "project", "environment",
 * "release", "url", "message", "culprit", "tags"}} ({@code key} and {@code title} required), or
 * {@code {"type": "change", "title", "project", "at", "url"}} for a change event.
 */
public class StandardWebhookSource extends JsonSource {

    /** Timestamps further than this from now are refused, as the specification says. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final List<Webhook> keys;
    private final Clock clock;

    /**
     * @param secrets {@code whsec_}-prefixed base64 keys (a key without the prefix is read as base64 too); a key that
     *        is not base64 is left out (the start-up checks name it)
     */
    public StandardWebhookSource(String name, List<String> secrets, Clock clock, ObjectMapper mapper) {
        super(name, mapper);
        this.keys = secrets.stream().map(StandardWebhookSource::key).filter(k -> k != null).toList();
        this.clock = clock;
    }

    /** The library's key for {@code secret}, or null when it is not base64. */
    public static Webhook key(String secret) {
        try {
            return new Webhook(secret);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public boolean configured() {
        return !keys.isEmpty();
    }

    @Override
    public String requestId(WebhookRequest request) {
        return request.header("webhook-id");
    }

    @Override
    public String hookTimestamp(WebhookRequest request) {
        return request.header("webhook-timestamp");
    }

    @Override
    public boolean verify(WebhookRequest request) {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        String signatures = request.header("webhook-signature");
        if (keys.isEmpty() || id == null || id.isBlank() || timestamp == null || signatures == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        Instant sent = Instant.ofEpochSecond(Math.max(-31_000_000_000L, Math.min(31_000_000_000L, seconds)));
        if (Duration.between(sent, clock.instant()).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        // the library signs text; a body that is not UTF-8 could not round-trip to the same bytes, so it is refused
        String payload = utf8(request.body());
        if (payload == null) {
            return false;
        }
        List<byte[]> presented = new ArrayList<>();
        for (String candidate : signatures.trim().split(" +")) {
            if (candidate.startsWith("v1,")) {
                presented.add(candidate.getBytes(StandardCharsets.US_ASCII));
            }
        }
        boolean match = false;
        for (Webhook key : keys) {
            byte[] expected;
            try {
                expected = key.sign(id, seconds, payload).getBytes(StandardCharsets.US_ASCII);
            } catch (WebhookSigningException e) {
                return false;
            }
            for (byte[] p : presented) {
                match |= MessageDigest.isEqual(expected, p); // every pair compared: timing tells nothing
            }
        }
        return match;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public Inspection inspect(WebhookRequest request) {
        JsonTop top = top(request);
        String id = request.header("webhook-id").trim();
        if (top == null) {
            return Inspection.reject("event", "body is not a JSON object").withIdempotencyKey(id);
        }
        if ("change".equals(top.text("type"))) {
            return top.text("title") == null
                    ? Inspection.reject("change", "payload has no title").withIdempotencyKey(id)
                    : Inspection.accept("change", null, id).withIdempotencyKey(id);
        }
        for (String required : List.of("key", "title")) {
            if (top.text(required) == null) {
                return Inspection.reject("alert", "payload has no " + required).withIdempotencyKey(id);
            }
        }
        String status = top.text("status");
        if (status != null && !status.equals("firing") && !status.equals("resolved")) {
            return Inspection.reject("alert", "status is neither firing nor resolved").withIdempotencyKey(id);
        }
        return Inspection.accept("alert", status == null ? "firing" : status, top.text("key")).withIdempotencyKey(id);
    }

    @Override
    public List<SourceEvent> parse(StoredRequest delivery) throws IOException {
        JsonNode body = tree(delivery);
        String project = SourceText.firstNonBlank(SourceText.text(body.get("project")), name());
        String title = SourceText.text(body.get("title"));
        String url = SourceText.text(body.get("url"));
        if ("change".equals(SourceText.text(body.get("type")))) {
            Instant at = SourceText.instant(body.get("at"));
            return List.of(new SourceEvent.Change(new ChangeEvent(name(), project, title,
                    at == null ? delivery.receivedAt() : at, url, null)));
        }
        boolean resolved = "resolved".equals(SourceText.text(body.get("status")));
        String level = SourceText.text(body.get("level"));
        IssueContext context = IssueContext.builder(name(), project, SourceText.text(body.get("key")))
                .resource("alert").action(resolved ? "resolved" : "firing")
                .event(resolved ? TriageEvent.RESOLVED : TriageEvent.OCCURRENCE)
                .title(title).culprit(SourceText.text(body.get("culprit")))
                .level(level == null ? (resolved ? null : "error") : SourceText.cap(level.toLowerCase(Locale.ROOT), 20))
                .environment(SourceText.text(body.get("environment"))).release(SourceText.text(body.get("release")))
                .firstSeen(delivery.receivedAt()).lastSeen(delivery.receivedAt())
                .message(SourceText.cap(SourceText.firstNonBlank(body.path("message").isTextual()
                        ? body.get("message").asText() : null), SourceText.MESSAGE_MAX))
                .tags(SourceText.tags(body.get("tags"))).sentryUrl(url).eventId(delivery.requestId())
                .build();
        return List.of(new SourceEvent.Incident(context, null, !resolved));
    }
}
