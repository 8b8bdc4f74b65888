package dev.sentrytriage.source.alertmanager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.TriageEvent;
import dev.sentrytriage.source.HmacSignature;
import dev.sentrytriage.source.Inspection;
import dev.sentrytriage.source.JsonSource;
import dev.sentrytriage.source.JsonTop;
import dev.sentrytriage.source.SourceEvent;
import dev.sentrytriage.source.SourceText;
import dev.sentrytriage.source.StoredRequest;
import dev.sentrytriage.source.WebhookRequest;
import dev.sentrytriage.text.Sha256;

/**
 * Prometheus Alertmanager's {@code webhook_config} (payload version 4), authenticated by its {@code http_config}:
 * {@code Authorization: Bearer <token>} or Basic with the token as password. One incident per alert fingerprint;
 * a group's delivery carries several alerts. A firing alert is an occurrence once per (fingerprint, startsAt), so
 * Alertmanager's resends every {@code repeat_interval} count nothing new; a resolved alert resolves its incident.
 */
@ApplicationScoped
public class AlertmanagerSource extends JsonSource {

    public static final String NAME = "alertmanager";

    private final List<byte[]> tokenDigests;
    private final List<String> projectLabels;

    @Inject
    public AlertmanagerSource(TriageConfig config, ObjectMapper mapper) {
        this(HmacSignature.secrets(config.alertmanager().tokens()), config.alertmanager().projectLabels(), mapper);
    }

    AlertmanagerSource(List<String> tokens, List<String> projectLabels, ObjectMapper mapper) {
        super(NAME, mapper);
        this.tokenDigests = tokens.stream().map(t -> Sha256.of(t)).toList();
        this.projectLabels = projectLabels.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public boolean configured() {
        return !tokenDigests.isEmpty();
    }

    /** Compares digests (equal lengths) against every token, so neither the length nor which one matched leaks. */
    @Override
    public boolean verify(WebhookRequest request) {
        String presented = credential(request.header("Authorization"));
        if (presented == null || tokenDigests.isEmpty()) {
            return false;
        }
        byte[] digest = Sha256.of(presented);
        boolean match = false;
        for (byte[] token : tokenDigests) {
            match |= MessageDigest.isEqual(digest, token);
        }
        return match;
    }

    /** The token of a Bearer header, or the password of a Basic one; null for anything else. */
    static String credential(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        int space = value.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = value.substring(0, space);
        String rest = value.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return rest.isEmpty() ? null : rest;
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String pair = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 || colon == pair.length() - 1 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    @Override
    public Inspection inspect(WebhookRequest request) {
        JsonTop top = top(request);
        if (top == null) {
            return Inspection.reject("alert", "body is not a JSON object");
        }
        int alerts = top.arrayLength("alerts");
        if (alerts < 0) {
            return Inspection.reject("alert", "payload has no alerts array");
        }
        String status = top.text("status");
        if (alerts == 0) {
            return Inspection.ignore("alert", status, "no alerts");
        }
        return Inspection.accept("alert", status, top.text("groupKey"));
    }

    @Override
    public List<SourceEvent> parse(StoredRequest delivery) throws IOException {
        JsonNode body = tree(delivery);
        String receiver = SourceText.text(body.get("receiver"));
        List<SourceEvent> events = new ArrayList<>();
        for (JsonNode alert : body.path("alerts")) {
            String fingerprint = SourceText.text(alert.get("fingerprint"));
            if (fingerprint == null) {
                continue; // every Alertmanager alert has one; without it there is no incident to name
            }
            IssueContext context = context(alert, fingerprint, receiver);
            boolean resolved = context.event() == TriageEvent.RESOLVED;
            events.add(new SourceEvent.Incident(context, resolved ? null : fingerprint + "@" + context.eventId(),
                    !resolved));
        }
        return events;
    }

    private IssueContext context(JsonNode alert, String fingerprint, String receiver) {
        JsonNode labels = alert.path("labels");
        JsonNode annotations = alert.path("annotations");
        String alertname = SourceText.firstNonBlank(SourceText.text(labels.get("alertname")), "alert " + fingerprint);
        String summary = SourceText.text(annotations.get("summary"));
        String status = SourceText.firstNonBlank(SourceText.text(alert.get("status")), "firing");
        boolean resolved = "resolved".equalsIgnoreCase(status);
        var startsAt = SourceText.instant(alert.get("startsAt"));
        String started = SourceText.text(alert.get("startsAt"));
        return IssueContext.builder(NAME, project(labels, receiver), fingerprint)
                .resource("alert").action(status.toLowerCase(Locale.ROOT))
                .event(resolved ? TriageEvent.RESOLVED : TriageEvent.OCCURRENCE)
                .shortId(SourceText.cap(alertname, 128))
                .title(summary == null ? alertname : alertname + ": " + summary)
                .culprit(SourceText.text(labels.get("instance")))
                .level(level(SourceText.text(labels.get("severity"))))
                .environment(SourceText.firstNonBlank(SourceText.text(labels.get("environment")),
                        SourceText.text(labels.get("env"))))
                .platform("prometheus").firstSeen(startsAt).lastSeen(startsAt)
                .message(SourceText.cap(SourceText.firstNonBlank(SourceText.text(annotations.get("description")), summary),
                        SourceText.MESSAGE_MAX))
                .tags(SourceText.tags(labels))
                .sentryUrl(SourceText.text(alert.get("generatorURL"))).triggeredRule(alertname).eventId(started)
                .build();
    }

    /** Alertmanager severities as levels: critical is fatal, error/high error, info/none info, else warning. */
    static String level(String severity) {
        if (severity == null) {
            return "warning";
        }
        return switch (severity.toLowerCase(Locale.ROOT)) {
            case "critical" -> "fatal";
            case "error", "high" -> "error";
            case "info", "none" -> "info";
            default -> "warning";
        };
    }

    private String project(JsonNode labels, String receiver) {
        for (String label : projectLabels) {
            String value = SourceText.text(labels.get(label));
            if (value != null) {
                return SourceText.cap(value, 200);
            }
        }
        return SourceText.firstNonBlank(receiver, NAME);
    }
}
