package dev.sentrytriage.ops;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.local.LocalMode;
import dev.sentrytriage.notify.ChatRouter;
import dev.sentrytriage.privacy.Scrubber;
import dev.sentrytriage.silence.MaintenanceWindows;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Checks the configuration at start and refuses to run with one that cannot work, naming every problem at once and
 * the variable to fix. A production service without a webhook secret is refused too (it could not verify a single
 * webhook), so are weak or published secrets, and so is local mode listening beyond loopback. An unknown
 * {@code TRIAGE_ANALYZER_KIND} is refused earlier, by the configuration itself, with the allowed values in its message.
 */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);
    /** Shortest webhook secret or API token a production start accepts. */
    public static final int MIN_SECRET_LENGTH = 16;
    /** The development secret and token README publishes for local and dev mode. */
    static final Set<String> PUBLISHED = Set.of("sentry-triage-dev-secret", "sentry-triage-dev-token",
            "whsec_c2VudHJ5LXRyaWFnZS1kZXYtc2VjcmV0");
    private static final Pattern CHAT_ID = Pattern.compile("-?\\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31}");

    void check(@Observes StartupEvent event, TriageConfig config) {
        boolean local = LocalMode.active() || ConfigUtils.getProfiles().contains("local");
        boolean production = LaunchMode.current() == LaunchMode.NORMAL && !local;
        // Quarkus listens on every interface unless told otherwise (its dev and test profiles say localhost)
        String host = ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0");
        List<String> problems = problems(config, production);
        if (!production) { // production refuses published values wherever it listens
            problems.addAll(exposure(config, local, host));
        }
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

    /**
     * Everything in {@code config} that stops the service from working or leaves it open; empty when it can start.
     * {@code production} (a packaged start outside local mode) also refuses weak and published secrets.
     */
    static List<String> problems(TriageConfig config, boolean production) {
        List<String> problems = new ArrayList<>();
        if (production && noSecret(config)) {
            problems.add("TRIAGE_SENTRY_SECRETS is not set: every webhook would be refused. Set it to the client "
                    + "secret of your Sentry integration (comma-separated during rotation).");
        }
        if (production) {
            problems.addAll(weakSecrets("TRIAGE_SENTRY_SECRETS", config.sentry().secrets().orElse(List.of())));
            problems.addAll(weakSecrets("TRIAGE_API_TOKEN", config.api().token().stream().toList()));
            problems.addAll(weakSecrets("TRIAGE_TELEGRAM_WEBHOOK_SECRET", config.telegram().webhookSecret().stream().toList()));
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
        problems.addAll(ChatRouter.problems(config));
        problems.addAll(MaintenanceWindows.problems(config.maintenance().orElse(List.of())));
        return problems;
    }

    /**
     * Refusals for a secret a production start reads (webhook secrets, API tokens, passwords): a published
     * development value, or fewer than {@value #MIN_SECRET_LENGTH} characters. Names {@code variable}, never the value.
     * Empty when every value is strong enough; blank values are left to the check that the secret is set.
     */
    public static List<String> weakSecrets(String variable, Collection<String> values) {
        List<String> problems = new ArrayList<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            String which = values.size() > 1 ? variable + " (one of its " + values.size() + " values)" : variable;
            if (PUBLISHED.contains(value.trim())) {
                problems.add(which + " is the published development value from the README: anyone could use it. "
                        + "Set a random one, e.g. openssl rand -hex 32.");
            } else if (value.trim().length() < MIN_SECRET_LENGTH) {
                problems.add(which + " is shorter than " + MIN_SECRET_LENGTH + " characters: set a random one, e.g. "
                        + "openssl rand -hex 32" + (variable.equals("TRIAGE_SENTRY_SECRETS")
                                ? " (Sentry's client secrets are 64 hex characters)." : "."));
            }
        }
        return problems;
    }

    /**
     * Refusals for an HTTP host beyond loopback where that would expose local mode or a published development value;
     * {@code local} is local mode or the local profile.
     */
    static List<String> exposure(TriageConfig config, boolean local, String host) {
        if (LocalMode.isLoopback(host)) {
            return List.of();
        }
        if (local) {
            return List.of(LocalMode.beyondLoopback(host, "quarkus.http.host"));
        }
        List<String> published = new ArrayList<>();
        if (config.sentry().secrets().orElse(List.of()).stream().map(String::trim).anyMatch(PUBLISHED::contains)) {
            published.add("TRIAGE_SENTRY_SECRETS");
        }
        if (config.api().token().map(String::trim).filter(PUBLISHED::contains).isPresent()) {
            published.add("TRIAGE_API_TOKEN");
        }
        return published.stream().map(variable -> variable + " is the published development value and the service "
                + "listens on " + host + ", beyond loopback: set a random one, or listen on 127.0.0.1 only").toList();
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
