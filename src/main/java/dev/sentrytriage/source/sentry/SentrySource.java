package dev.sentrytriage.source.sentry;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.change.ChangeEvent;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.TriageEvent;
import dev.sentrytriage.sentry.SeerPayloadParser;
import dev.sentrytriage.sentry.SentryPayloadParser;
import dev.sentrytriage.sentry.SentryResource;
import dev.sentrytriage.sentry.SentryResource.Envelope;
import dev.sentrytriage.source.Inspection;
import dev.sentrytriage.source.JsonSource;
import dev.sentrytriage.source.SourceEvent;
import dev.sentrytriage.source.StoredRequest;
import dev.sentrytriage.source.WebhookRequest;

/**
 * Sentry behind the source seam, unchanged for its users: {@code Sentry-Hook-Signature} checked by
 * {@link SignatureVerifier}, the resource's shape by {@link SentryResource}, the meaning by
 * {@link SentryPayloadParser}. The release an event carries is also recorded as a change of its project.
 */
@ApplicationScoped
public class SentrySource extends JsonSource {

    /** The source's name and path segment. */
    public static final String NAME = "sentry";

    private final SignatureVerifier verifier;
    private final SentryPayloadParser parser;
    private final JsonFactory json;

    public SentrySource(SignatureVerifier verifier, SentryPayloadParser parser, ObjectMapper mapper) {
        super(NAME, mapper);
        this.verifier = verifier;
        this.parser = parser;
        this.json = mapper.getFactory();
    }

    @Override
    public boolean configured() {
        return verifier.configured();
    }

    @Override
    public boolean verify(WebhookRequest request) {
        return verifier.verify(request.body(), request.header("Sentry-Hook-Signature"));
    }

    @Override
    public String hookTimestamp(WebhookRequest request) {
        return request.header("Sentry-Hook-Timestamp");
    }

    /** The body alone, as before sources existed, so deliveries stored then still catch their replays. */
    @Override
    public byte[] digestInput(WebhookRequest request, Inspection inspection) {
        return request.body();
    }

    @Override
    public Inspection inspect(WebhookRequest request) {
        String header = request.header("Sentry-Hook-Resource");
        SentryResource resource = SentryResource.fromHeader(header);
        Envelope envelope;
        try (JsonParser p = json.createParser(SentryResource.decode(request.body()))) {
            envelope = resource.inspect(p);
        } catch (IOException e) {
            envelope = new Envelope(null, null, "body is not a JSON object");
        }
        String label = header == null ? "unknown" : header;
        if (envelope.missing() != null) {
            return new Inspection(Inspection.Verdict.REJECT, label, envelope.action(), null, null, envelope.missing());
        }
        if (!resource.triaged()) {
            return Inspection.ignore(label, envelope.action(), "resource not triaged");
        }
        return Inspection.accept(label, envelope.action(), envelope.issueId());
    }

    @Override
    public List<SourceEvent> parse(StoredRequest delivery) throws IOException {
        SentryResource resource = SentryResource.fromHeader(delivery.resource());
        if (resource == SentryResource.SEER) {
            return List.of(new SourceEvent.Seer(SeerPayloadParser.parse(tree(delivery))));
        }
        IssueContext context = parser.parse(resource, tree(delivery));
        List<SourceEvent> events = new ArrayList<>(2);
        if (context.event() == TriageEvent.OCCURRENCE && context.release() != null && context.project() != null) {
            // the first event that names a release is when the project was seen running it
            Instant at = SentryPayloadParser.firstNonNull(context.lastSeen(), delivery.receivedAt());
            events.add(new SourceEvent.Change(new ChangeEvent(NAME, context.project(), "release " + context.release(),
                    at, null, "release:" + context.release())));
        }
        events.add(SourceEvent.incident(context));
        return events;
    }
}
