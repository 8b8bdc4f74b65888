package dev.sentrytriage.source.servo;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.change.ChangeEvent;
import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.TriageEvent;
import dev.sentrytriage.source.HmacSignature;
import dev.sentrytriage.source.HmacSource;
import dev.sentrytriage.source.Inspection;
import dev.sentrytriage.source.JsonTop;
import dev.sentrytriage.source.SourceEvent;
import dev.sentrytriage.source.SourceText;
import dev.sentrytriage.source.StoredRequest;
import dev.sentrytriage.source.WebhookRequest;

/**
 * Opsani servo-webhooks: {@code X-Servo-Signature: <hex HMAC-SHA1 of the body>}. Every servo event is a change to
 * the running system (an adjustment, a measurement) and is recorded as a change of the servo's project
 * ({@code TRIAGE_SERVO_NAME}); events matching {@code TRIAGE_SERVO_INCIDENT_EVENTS} also open an incident per
 * (servo, event) at the configured level. Before-events block the servo until answered: the answer is the usual
 * prompt {@code application/json} 202, never servo's cancellation type
 * ({@code application/vnd.opsani.servo.errors.CancelEventError+json}).
 */
@ApplicationScoped
public class ServoSource extends HmacSource {

    public static final String NAME = "servo";

    private final String servoName;
    private final Map<Pattern, String> incidentEvents;

    @Inject
    public ServoSource(TriageConfig config, ObjectMapper mapper) {
        this(HmacSignature.secrets(config.servo().secrets()), config.servo().name(), config.servo().incidentEvents(),
                mapper);
    }

    ServoSource(List<String> secrets, String servoName, Optional<List<String>> incidentEvents, ObjectMapper mapper) {
        super(NAME, new HmacSignature("HmacSHA1", "", 20, secrets), "X-Servo-Signature", mapper);
        this.servoName = servoName;
        this.incidentEvents = rules(incidentEvents.orElse(List.of()));
    }

    /** {@code glob=level} entries as patterns on the event name; an entry without a level means warning. */
    static Map<Pattern, String> rules(List<String> entries) {
        Map<Pattern, String> rules = new LinkedHashMap<>();
        for (String entry : entries) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.lastIndexOf('=');
            String glob = eq < 0 ? e : e.substring(0, eq).trim();
            String level = eq < 0 ? "warning" : e.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
            rules.put(glob(glob), level.isEmpty() ? "warning" : level);
        }
        return rules;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("((?<=[*?])|(?=[*?]))")) {
            regex.append(switch (part) {
                case "*" -> ".*";
                case "?" -> ".";
                default -> Pattern.quote(part);
            });
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public Inspection inspect(WebhookRequest request) {
        JsonTop top = top(request);
        if (top == null) {
            return Inspection.reject("event", "body is not a JSON object");
        }
        String event = top.text("event");
        if (event == null || !top.isString("event")) {
            return Inspection.reject("event", "payload has no event");
        }
        return Inspection.accept("event", event, servoName);
    }

    @Override
    public List<SourceEvent> parse(StoredRequest delivery) throws IOException {
        JsonNode body = tree(delivery);
        String event = SourceText.cap(SourceText.text(body.get("event")), 200);
        Instant created = SourceText.instant(body.get("created_at"));
        Instant at = created == null ? delivery.receivedAt() : created;
        List<String> connectors = new ArrayList<>();
        for (JsonNode result : body.path("results")) {
            String connector = SourceText.text(result.get("connector"));
            if (connector != null) {
                connectors.add(connector);
            }
        }
        String title = "servo " + servoName + ": " + event
                + (connectors.isEmpty() ? "" : " (" + String.join(", ", connectors) + ")");
        List<SourceEvent> events = new ArrayList<>(2);
        events.add(new SourceEvent.Change(new ChangeEvent(NAME, servoName, title, at, null, null)));
        String level = levelOf(event);
        if (level != null) {
            String results = body.path("results").isMissingNode() ? null : body.path("results").toString();
            events.add(SourceEvent.incident(IssueContext.builder(NAME, servoName, event)
                    .resource("event").action(event).event(TriageEvent.OCCURRENCE)
                    .title(title).culprit(connectors.isEmpty() ? null : String.join(", ", connectors)).level(level)
                    .platform("servo").firstSeen(at).lastSeen(at)
                    .message(SourceText.cap(results, SourceText.MESSAGE_MAX))
                    .build()));
        }
        return events;
    }

    /** The level at which the event opens an incident, or null when it only is a change. */
    String levelOf(String event) {
        for (Map.Entry<Pattern, String> rule : incidentEvents.entrySet()) {
            if (rule.getKey().matcher(event).matches()) {
                return rule.getValue();
            }
        }
        return null;
    }
}
