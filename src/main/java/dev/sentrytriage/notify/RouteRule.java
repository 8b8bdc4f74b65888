package dev.sentrytriage.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import dev.sentrytriage.config.TriageConfig.Telegram.Route;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.Risk;

/**
 * A configured route with its patterns compiled: it takes an incident when every matcher it sets matches (project,
 * minimum risk, environments, levels, sources, and title and culprit patterns that must match the whole text, in
 * RE2 syntax, linear time). A route that sets none takes everything.
 */
record RouteRule(String name, Route route, Pattern title, Pattern culprit) {

    /** The routes in order; {@link IllegalStateException} naming the route and key when a pattern is invalid. */
    static List<RouteRule> compile(List<Route> routes) {
        List<String> problems = problems(routes);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        List<RouteRule> rules = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            rules.add(new RouteRule(r.name().map(String::trim).filter(n -> !n.isEmpty()).orElse("routes[" + i + "]"), r,
                    r.title().map(Pattern::compile).orElse(null), r.culprit().map(Pattern::compile).orElse(null)));
        }
        return rules;
    }

    /** One sentence per invalid pattern, naming the route, its key and variable; empty when all compile. */
    static List<String> problems(List<Route> routes) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            check(problems, i, r, "title", r.title());
            check(problems, i, r, "culprit", r.culprit());
        }
        return problems;
    }

    private static void check(List<String> problems, int index, Route route, String key, Optional<String> pattern) {
        pattern.ifPresent(p -> {
            try {
                Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                problems.add("triage.telegram.routes[" + index + "]." + key + " (TRIAGE_TELEGRAM_ROUTES_" + index + "__"
                        + key.toUpperCase(Locale.ROOT) + route.name().map(n -> ", route '" + n + "'").orElse("")
                        + ") is not a valid RE2 pattern: " + e.getDescription());
            }
        });
    }

    /** Whether this route takes the incident. */
    boolean matches(Incident incident) {
        Risk risk = incident.risk == null ? Risk.MEDIUM : incident.risk;
        return route.project().map(p -> p.equals(incident.project)).orElse(true)
                && route.minRisk().map(min -> !min.higherThan(risk)).orElse(true)
                && in(route.environments(), incident.environment, false)
                && in(route.levels(), incident.level, true)
                && in(route.sources(), incident.source, false)
                && (title == null || title.matcher(orEmpty(incident.title)).matches())
                && (culprit == null || culprit.matcher(orEmpty(incident.culprit)).matches());
    }

    private static boolean in(Optional<List<String>> allowed, String value, boolean ignoreCase) {
        if (allowed.isEmpty()) {
            return true;
        }
        String v = orEmpty(value);
        return allowed.get().stream().map(String::trim)
                .anyMatch(a -> ignoreCase ? a.equalsIgnoreCase(v) : a.equals(v));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
