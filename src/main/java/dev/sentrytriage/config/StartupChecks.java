package dev.sentrytriage.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.sentrytriage.analysis.Scrubber;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Checks the configuration at start and refuses to run with one that cannot work, naming every problem at once and
 * the variable to fix. A production service without a webhook secret is refused too: it could not verify a single
 * webhook. An unknown {@code TRIAGE_ANALYZER_KIND} is refused earlier, by the configuration itself, with the allowed
 * values in its message.
 */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);
    private static final Pattern CHAT_ID = Pattern.compile("-?\\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31}");

    void check(@Observes StartupEvent event, TriageConfig config) {
        boolean local = ConfigUtils.getProfiles().contains("local");
        boolean production = LaunchMode.current() == LaunchMode.NORMAL && !local;
        List<String> problems = problems(config, production);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Configuration problems, fix them and start again:\n  - "
                    + String.join("\n  - ", problems));
        }
        warnings(config).forEach(LOG::warn);
        if (local) {
            LOG.warn("Local mode: embedded PostgreSQL in ./data/postgres, development secret and API token, listening "
                    + "on 127.0.0.1 only. Set QUARKUS_DATASOURCE_JDBC_URL and TRIAGE_SENTRY_SECRETS for production.");
        }
    }

    /** Everything in {@code config} that stops the service from working; empty when it can start. */
    static List<String> problems(TriageConfig config, boolean production) {
        List<String> problems = new ArrayList<>();
        if (production && noSecret(config)) {
            problems.add("TRIAGE_SENTRY_SECRETS is not set: every webhook would be refused. Set it to the client "
                    + "secret of your Sentry integration (comma-separated during rotation).");
        }
        url(problems, "TRIAGE_SENTRY_WEB_URL", Optional.of(config.sentry().webUrl()));
        url(problems, "TRIAGE_SENTRY_API_URL", Optional.of(config.sentry().apiUrl()));
        url(problems, "TRIAGE_ANALYZER_URL", config.analyzer().url());
        url(problems, "TRIAGE_TELEGRAM_API_URL", Optional.of(config.telegram().apiUrl()));
        TriageConfig.AnalyzerKind kind = config.analyzer().kind();
        if (kind != TriageConfig.AnalyzerKind.heuristic && config.analyzer().url().isEmpty()) {
            problems.add("TRIAGE_ANALYZER_KIND=" + kind + " needs TRIAGE_ANALYZER_URL (" + (kind == TriageConfig.AnalyzerKind.openai
                    ? "the base URL of an OpenAI-compatible server, e.g. https://api.openai.com/v1"
                    : "the full URL the incident is posted to") + "), or use TRIAGE_ANALYZER_KIND=heuristic");
        }
        if (config.analyzer().timeout().isNegative() || config.analyzer().timeout().isZero()) {
            problems.add("TRIAGE_ANALYZER_TIMEOUT must be positive, e.g. 20s");
        }
        config.telegram().chatId().map(String::trim).filter(id -> !CHAT_ID.matcher(id).matches()).ifPresent(id -> problems
                .add("TRIAGE_TELEGRAM_CHAT_ID '" + id + "' is not a chat id: use the numeric id (e.g. -1001234567890 "
                        + "for a group) or @channelname"));
        config.telegram().threadId().filter(id -> id <= 0).ifPresent(id -> problems
                .add("TRIAGE_TELEGRAM_THREAD_ID must be a positive forum topic id, not " + id));
        problems.addAll(Scrubber.problems(config.analyzer().scrubPatterns().orElse(List.of())));
        return problems;
    }

    /** What works but is probably not what the operator meant. */
    static List<String> warnings(TriageConfig config) {
        List<String> warnings = new ArrayList<>();
        if (noSecret(config)) {
            warnings.add("No Sentry client secret configured (TRIAGE_SENTRY_SECRETS): every webhook is answered 401");
        }
        if (config.api().token().filter(t -> !t.isBlank()).isEmpty()) {
            warnings.add("No TRIAGE_API_TOKEN configured: /api refuses every request");
        }
        boolean token = config.telegram().botToken().filter(t -> !t.isBlank()).isPresent();
        if (token && config.telegram().chatId().isEmpty()) {
            warnings.add("TRIAGE_TELEGRAM_BOT_TOKEN is set but TRIAGE_TELEGRAM_CHAT_ID is not: messages have nowhere to go");
        }
        if (!token) {
            warnings.add("No TRIAGE_TELEGRAM_BOT_TOKEN configured: Telegram messages are written to the log");
        }
        if (config.analyzer().kind() == TriageConfig.AnalyzerKind.heuristic && config.analyzer().url().isPresent()) {
            warnings.add("TRIAGE_ANALYZER_URL is set but TRIAGE_ANALYZER_KIND is heuristic: the URL is not used");
        }
        return warnings;
    }

    private static boolean noSecret(TriageConfig config) {
        return config.sentry().secrets().map(l -> l.stream().allMatch(String::isBlank)).orElse(true);
    }

    private static void url(List<String> problems, String variable, Optional<URI> value) {
        value.ifPresent(uri -> {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                problems.add(variable + " '" + uri + "' is not an absolute http(s) URL, e.g. https://example.com");
            }
        });
    }
}
