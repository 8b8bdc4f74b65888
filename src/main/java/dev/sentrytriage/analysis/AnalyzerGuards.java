package dev.sentrytriage.analysis;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.sentrytriage.config.TriageConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/** The bounds of outbound calls, built from {@code triage.analyzer.*}: one place for timeouts, retries and breakers. */
final class AnalyzerGuards {

    private AnalyzerGuards() {
    }

    /** The guard of an AI analyzer: retries, circuit breaker, concurrency limit (waiting at most one timeout). */
    static CallGuard analyzer(String name, TriageConfig.Analyzer config, Clock clock) {
        return new CallGuard(name, clock, config.maxRetries(), config.retryAfterCap(), config.breakerFailures(),
                config.breakerDelay(), config.maxConcurrency(), config.timeout(), CallGuard.THREAD_SLEEP);
    }

    /**
     * A REST client for {@code type} at {@code base}, every call bounded by {@code timeout}. Built here rather than
     * injected so that one {@code Duration} key sets the timeout and the base URL comes from {@code triage.*}.
     */
    static <T> T build(Class<T> type, URI base, Duration timeout) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(Math.min(timeout.toMillis(), 5000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build(type);
    }
}
