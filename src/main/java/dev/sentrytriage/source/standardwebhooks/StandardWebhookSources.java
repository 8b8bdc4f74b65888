package dev.sentrytriage.source.standardwebhooks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.source.HmacSignature;
import dev.sentrytriage.source.Source;
import dev.sentrytriage.source.SourceChecks;
import dev.sentrytriage.source.SourceFamily;

/**
 * The generic Standard Webhooks senders named in {@code TRIAGE_SOURCES} (names other than the built-in sources),
 * each with its keys in {@code TRIAGE_SOURCE_<NAME>_SECRETS} ({@code triage.source.<name>.secrets}). Those keys are
 * read by name from the configuration, as their names are only known at run time.
 */
@ApplicationScoped
public class StandardWebhookSources implements SourceFamily {

    /** Sources with their own verification: a name in {@code TRIAGE_SOURCES} that is one of them is not generic. */
    public static final Set<String> BUILT_IN = Set.of("sentry", "foundries", "servo", "alertmanager");
    /** What a generic source may be called: it is a path segment and part of an environment variable's name. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private final List<Source> sources = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    public StandardWebhookSources(TriageConfig triage, Config config, Clock clock, ObjectMapper mapper) {
        for (String name : names(triage)) {
            if (!NAME.matcher(name).matches()) {
                problems.add("TRIAGE_SOURCES names '" + name + "': a source name is 1 to 40 lowercase letters, digits "
                        + "and dashes, starting with a letter or digit");
                continue;
            }
            List<String> secrets = secrets(config, name);
            if (secrets.stream().anyMatch(s -> StandardWebhookSource.key(s) == null)) {
                problems.add(SourceChecks.variable(name) + " holds a key that is not a Standard Webhooks key: use whsec_ followed "
                        + "by the base64 key the sender shows");
            }
            sources.add(new StandardWebhookSource(name, secrets, clock, mapper));
        }
    }

    @Override
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The generic names listed in {@code TRIAGE_SOURCES}, trimmed, without the built-in ones. */
    public static List<String> names(TriageConfig triage) {
        return HmacSignature.secrets(triage.sources()).stream().filter(n -> !BUILT_IN.contains(n)).distinct().toList();
    }

    /** The configured keys of a generic source; none when unset. */
    public static List<String> secrets(Config config, String name) {
        return HmacSignature.secrets(config.getOptionalValues(key(name), String.class));
    }

    /** The property that holds a generic source's keys. */
    public static String key(String name) {
        return "triage.source." + name + ".secrets";
    }

    @Override
    public List<Source> sources() {
        return List.copyOf(sources);
    }
}
