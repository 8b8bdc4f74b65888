package dev.sentrytriage.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.ops.StartupChecks;
import dev.sentrytriage.source.standardwebhooks.StandardWebhookSources;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses a production start with a source enabled but unsecured. A source is enabled when it is listed in
 * {@code TRIAGE_SOURCES}; Sentry is always enabled and checked with the rest of the configuration. Sources that are
 * not enabled still answer at {@code /webhooks/{name}}, with 401 while they have no secret.
 */
@ApplicationScoped
public class SourceChecks {

    private static final Logger LOG = Logger.getLogger(SourceChecks.class);

    void check(@Observes StartupEvent event, TriageConfig config, Config raw, SourceRegistry registry,
            Instance<SourceFamily> families) {
        boolean production = LaunchMode.current() == LaunchMode.NORMAL && !ConfigUtils.getProfiles().contains("local");
        List<String> problems = new ArrayList<>();
        families.forEach(f -> problems.addAll(f.problems()));
        List<String> unsecured = unsecured(HmacSignature.secrets(config.sources()), registry::find);
        if (production) {
            problems.addAll(unsecured);
            problems.addAll(weak(secrets(config, raw)));
        } else {
            unsecured.forEach(LOG::warn);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Source configuration problems, fix them and start again:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /**
     * Every source's secrets by the variable that sets them. A generic source's keys are read as the source itself
     * reads them ({@link StandardWebhookSources#secrets}): a dashed name set only by an environment variable
     * ({@code TRIAGE_SOURCE_MY_HOOK_SECRETS}) is not in the mapping's map, and would otherwise escape the check.
     */
    static Map<String, List<String>> secrets(TriageConfig config, Config raw) {
        Map<String, List<String>> secrets = new LinkedHashMap<>();
        secrets.put("TRIAGE_FOUNDRIES_SECRETS", HmacSignature.secrets(config.foundries().secrets()));
        secrets.put("TRIAGE_SERVO_SECRETS", HmacSignature.secrets(config.servo().secrets()));
        secrets.put("TRIAGE_ALERTMANAGER_TOKENS", HmacSignature.secrets(config.alertmanager().tokens()));
        config.source().forEach((name, source) -> secrets.put(variable(name), HmacSignature.secrets(source.secrets())));
        StandardWebhookSources.names(config).forEach(name -> secrets.merge(variable(name),
                StandardWebhookSources.secrets(raw, name),
                (mapped, read) -> Stream.concat(mapped.stream(), read.stream()).distinct().toList()));
        return secrets;
    }

    /** What a production start refuses among {@code secrets}: published development values, fewer than 16 characters. */
    static List<String> weak(Map<String, List<String>> secrets) {
        List<String> problems = new ArrayList<>();
        secrets.forEach((variable, values) -> problems.addAll(StartupChecks.weakSecrets(variable, values)));
        return problems;
    }

    /** One line per source listed in {@code TRIAGE_SOURCES} that has no secret, naming the variable to set. */
    static List<String> unsecured(List<String> enabled, Function<String, Optional<Source>> sources) {
        List<String> problems = new ArrayList<>();
        for (String name : enabled) {
            sources.apply(name).filter(s -> !s.configured()).ifPresent(s -> problems.add(
                    "source '" + name + "' is enabled in TRIAGE_SOURCES but has no secret: every delivery would be "
                            + "refused. Set " + variable(name)));
        }
        return problems;
    }

    /** The environment variable that holds a source's secrets (tokens for Alertmanager). */
    public static String variable(String name) {
        return switch (name) {
            case "sentry" -> "TRIAGE_SENTRY_SECRETS";
            case "foundries" -> "TRIAGE_FOUNDRIES_SECRETS";
            case "servo" -> "TRIAGE_SERVO_SECRETS";
            case "alertmanager" -> "TRIAGE_ALERTMANAGER_TOKENS";
            default -> "TRIAGE_SOURCE_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_SECRETS";
        };
    }
}
