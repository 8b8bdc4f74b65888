package dev.sentrytriage.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * The {@code quarkus.rest-client.<key>.url}, {@code read-timeout} and {@code connect-timeout} of the analysis peers,
 * derived from {@code triage.analyzer.*} and {@code triage.sentry.api-url}, so that those REST clients are injected
 * like Telegram's while the documented keys keep their formats: the timeouts are {@code Duration}s ({@code 20s}) where
 * the REST client takes milliseconds, and an OpenAI URL may end in {@code /v1}. A property expression cannot convert
 * either, and the Quarkus REST client reads its timeouts from the client's configuration, not from the invocation,
 * hence a config source (registered in {@code META-INF/services}). Without an analyzer URL it derives no analyzer
 * client: that client is only called once a URL is configured.
 */
public final class PeerClientConfigSource implements ConfigSourceFactory {

    /** The config key of the OpenAI-compatible analyzer's REST client. */
    public static final String OPENAI = "openai";
    /** The config key of the plain http analyzer's REST client. */
    public static final String ANALYZER_HTTP = "analyzer-http";
    /** The config key of the REST client for Sentry's API (the latest event). */
    public static final String SENTRY_API = "sentry-api";

    /** Below application.properties: a {@code quarkus.rest-client.*} key set there or in the environment wins. */
    static final int ORDINAL = 200;
    /** A connection is made within this or not at all, however long the answer may take. */
    private static final Duration LONGEST_CONNECT = Duration.ofSeconds(5);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new PropertiesConfigSource(derive(context::getValue), "triage peer clients", ORDINAL));
    }

    /** The derived properties, reading {@code triage.*} through {@code config}. */
    static Map<String, String> derive(Function<String, ConfigValue> config) {
        Map<String, String> properties = new HashMap<>();
        Optional<Duration> timeout = duration(config, "triage.analyzer.timeout");
        value(config, "triage.analyzer.url").ifPresent(url -> {
            client(properties, OPENAI, withoutVersion(url), timeout);
            client(properties, ANALYZER_HTTP, url, timeout);
        });
        value(config, "triage.sentry.api-url").ifPresent(
                url -> client(properties, SENTRY_API, url, duration(config, "triage.analyzer.enrich-timeout")));
        return properties;
    }

    private static void client(Map<String, String> properties, String key, String url, Optional<Duration> timeout) {
        String prefix = "quarkus.rest-client." + key + ".";
        properties.put(prefix + "url", url);
        timeout.ifPresent(t -> {
            properties.put(prefix + "read-timeout", String.valueOf(t.toMillis()));
            properties.put(prefix + "connect-timeout",
                    String.valueOf(Math.min(t.toMillis(), LONGEST_CONNECT.toMillis())));
        });
    }

    /** The server's base URL; a trailing {@code /v1} (as OpenAI and Ollama document it) is accepted too. */
    static String withoutVersion(String url) {
        String base = url.replaceAll("/+$", "");
        return base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
    }

    private static Optional<String> value(Function<String, ConfigValue> config, String name) {
        ConfigValue v = config.apply(name);
        return Optional.ofNullable(v == null ? null : v.getValue()).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** An unreadable duration derives nothing: {@link TriageConfig} then refuses it with the key's name. */
    private static Optional<Duration> duration(Function<String, ConfigValue> config, String name) {
        try {
            return value(config, name).map(DurationConverter::parseDuration);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
