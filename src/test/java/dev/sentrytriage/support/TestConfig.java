package dev.sentrytriage.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sentrytriage.config.TriageConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@link TriageConfig} built from environment variables alone, as a container would set them, without Quarkus. */
public final class TestConfig {

    private TestConfig() {
    }

    /** The configuration {@code env} gives (plus the risk thresholds, which have no defaults). */
    public static TriageConfig fromEnv(Map<String, String> env) {
        return build(env).getConfigMapping(TriageConfig.class);
    }

    /** The whole configuration {@code env} gives, for code that also reads keys by name. */
    public static SmallRyeConfig build(Map<String, String> env) {
        Map<String, String> required = new HashMap<>();
        for (String step : List.of("escalate", "permanent-fix")) {
            for (String key : List.of("last-hour", "last-day", "last-week", "regressions")) {
                required.put("triage.risk." + step + "." + key, "1");
            }
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(env, 300), new PropertiesConfigSource(required, "required", 100))
                .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus' "3s" form
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withMapping(TriageConfig.class)
                .build();
        return config;
    }
}
