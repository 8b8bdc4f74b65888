package dev.sentrytriage.source.foundries;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.change.ChangeEvent;
import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Tag;
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
 * Foundries CI (jobserv {@code notify_build_complete_webhook}): {@code X-JobServ-Sig: sha256:<hex HMAC-SHA256 of the
 * body>}. One incident per (factory project from the build URL, trigger name): a FAILED build is an occurrence at
 * level error with the failed runs as culprit and their log URLs kept; a PASSED or PROMOTED build of the trigger
 * resolves it; a PROMOTED build is also a change of the project.
 */
@ApplicationScoped
public class FoundriesSource extends HmacSource {

    public static final String NAME = "foundries";

    /** Build statuses that mean something for an incident; the others (RUNNING, QUEUED, ...) are ignored. */
    private static final Set<String> TRIAGED = Set.of("FAILED", "PASSED", "PROMOTED");
    private static final Pattern PROJECT_IN_URL = Pattern.compile("/projects/([^/]+/[^/]+)/builds/");

    @Inject
    public FoundriesSource(TriageConfig config, ObjectMapper mapper) {
        this(HmacSignature.secrets(config.foundries().secrets()), mapper);
    }

    FoundriesSource(List<String> secrets, ObjectMapper mapper) {
        super(NAME, new HmacSignature("HmacSHA256", "sha256:", 32, secrets), "X-JobServ-Sig", mapper);
    }

    @Override
    public Inspection inspect(WebhookRequest request) {
        JsonTop top = top(request);
        if (top == null) {
            return Inspection.reject("build", "body is not a JSON object");
        }
        for (String required : List.of("build_id", "status", "trigger_name", "url")) {
            if (top.text(required) == null) {
                return Inspection.reject("build", "payload has no " + required);
            }
        }
        String status = top.text("status").toUpperCase(Locale.ROOT);
        String key = top.text("trigger_name") + "#" + top.text("build_id");
        if (!TRIAGED.contains(status)) {
            return Inspection.ignore("build", status, "build status not triaged");
        }
        return Inspection.accept("build", status, key);
    }

    @Override
    public List<SourceEvent> parse(StoredRequest delivery) throws IOException {
        JsonNode build = tree(delivery);
        String status = SourceText.text(build.get("status")).toUpperCase(Locale.ROOT);
        String trigger = SourceText.text(build.get("trigger_name"));
        String buildId = SourceText.text(build.get("build_id"));
        String project = project(SourceText.text(build.get("url")));
        String webUrl = SourceText.firstNonBlank(SourceText.text(build.get("web_url")), SourceText.text(build.get("url")));
        Instant completed = SourceText.instant(build.get("completed"));
        Instant at = completed != null ? completed : delivery.receivedAt();
        List<SourceEvent> events = new ArrayList<>(2);
        if ("FAILED".equals(status)) {
            events.add(SourceEvent.incident(failed(build, trigger, buildId, project, webUrl, at)));
            return events;
        }
        if ("PROMOTED".equals(status)) {
            events.add(new SourceEvent.Change(new ChangeEvent(NAME, project,
                    "build " + buildId + " of " + trigger + " promoted", at, webUrl, "promoted:" + buildId)));
        }
        IssueContext resolved = IssueContext.builder(NAME, project, trigger)
                .resource("build").action(status.toLowerCase(Locale.ROOT)).event(TriageEvent.RESOLVED)
                .lastSeen(at).eventId(buildId)
                .build();
        events.add(new SourceEvent.Incident(resolved, null, false));
        return events;
    }

    private static IssueContext failed(JsonNode build, String trigger, String buildId, String project, String webUrl,
            Instant at) {
        List<String> failedRuns = new ArrayList<>();
        List<Tag> tags = new ArrayList<>();
        StringBuilder message = new StringBuilder();
        for (JsonNode run : build.path("runs")) {
            String runStatus = SourceText.text(run.get("status"));
            if (runStatus == null || !runStatus.toUpperCase(Locale.ROOT).startsWith("FAIL")) {
                continue;
            }
            String name = SourceText.firstNonBlank(SourceText.text(run.get("name")), "run");
            String log = SourceText.text(run.get("log_url"));
            failedRuns.add(name);
            tags.add(new Tag("log_url:" + name, log));
            message.append(name).append(": ").append(log == null ? "no log" : log).append('\n');
        }
        String reason = SourceText.text(build.get("reason"));
        if (reason != null) {
            message.append("reason: ").append(reason).append('\n');
        }
        tags.add(new Tag("build", buildId));
        String culprit = failedRuns.isEmpty() ? null : "failed runs: " + String.join(", ", failedRuns);
        return IssueContext.builder(NAME, project, trigger)
                .resource("build").action("failed").event(TriageEvent.OCCURRENCE).shortId(trigger + " #" + buildId)
                .title(trigger + " build " + buildId + " failed").culprit(SourceText.cap(culprit, SourceText.TEXT_MAX))
                .level("error").platform("foundries").firstSeen(at).lastSeen(at)
                .message(SourceText.cap(message.toString().strip(), SourceText.MESSAGE_MAX))
                .tags(List.copyOf(tags)).sentryUrl(webUrl).eventId(buildId)
                .build();
    }

    /** The factory project of a build URL ({@code .../projects/andy-corp/lmp/builds/67/} is {@code andy-corp/lmp}). */
    static String project(String url) {
        if (url != null) {
            Matcher m = PROJECT_IN_URL.matcher(url);
            if (m.find()) {
                return m.group(1);
            }
        }
        return NAME;
    }
}
