package dev.sentrytriage.source;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** Every source by name: the source beans, plus the sources that families build from configuration. */
@ApplicationScoped
public class SourceRegistry {

    private final Map<String, Source> byName;

    public SourceRegistry(Instance<Source> sources, Instance<SourceFamily> families) {
        Map<String, Source> all = new LinkedHashMap<>();
        sources.forEach(s -> add(all, s));
        families.forEach(f -> f.sources().forEach(s -> add(all, s)));
        this.byName = Collections.unmodifiableMap(all);
    }

    private static void add(Map<String, Source> all, Source source) {
        if (all.putIfAbsent(source.name(), source) != null) {
            throw new IllegalStateException("two sources are named " + source.name() + ": rename one in TRIAGE_SOURCES");
        }
    }

    /** The source at {@code /webhooks/{name}}, if there is one. */
    public Optional<Source> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    /** The source that stored a delivery; an unknown name is a configuration change since it was stored. */
    public Source of(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("no source named " + name + " is configured"));
    }

    /** All sources, in registration order. */
    public Collection<Source> all() {
        return byName.values();
    }
}
