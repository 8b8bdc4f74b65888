package dev.sentrytriage.analysis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.sentrytriage.change.ChangeEvent;
import dev.sentrytriage.change.ChangeLog;
import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.config.TriageConfig.AnalyzerKind;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Tag;
import dev.sentrytriage.infra.Backoff;
import dev.sentrytriage.privacy.Scrubber;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Analyses one claimed incident, outside any transaction: enrich the context from Sentry's API (optional), scrub it,
 * ask the configured analyzer and, when the AI gives no usable answer, keep the heuristic answer (or an earlier AI
 * answer) marked as such and schedule a bounded later try to upgrade it. Never throws for an analyzer failure.
 */
@ApplicationScoped
public class AnalysisService {

    private static final Logger LOG = Logger.getLogger(AnalysisService.class);

    /** Incidents claimed at once when only the heuristics answer. */
    static final int HEURISTIC_CLAIM = 25;

    private final TriageConfig.Analyzer config;
    private final AnalysisClaims claims;
    private final Scrubber scrubber;
    private final HeuristicAnalyzer heuristic;
    private final OpenAiClient openAi;
    private final HttpAnalyzerClient http;
    private final SentryApiClient sentryApi;
    private final Clock clock;
    private final MeterRegistry meters;
    private volatile boolean cancelled;
    private final ChangeLog changes;
    private final AnalyzerBudget budget;

    public AnalysisService(TriageConfig config, AnalysisClaims claims, Scrubber scrubber, HeuristicAnalyzer heuristic,
            OpenAiClient openAi, HttpAnalyzerClient http, SentryApiClient sentryApi, Clock clock,
            MeterRegistry meters, ChangeLog changes, AnalyzerBudget budget) {
        this.changes = changes;
        this.budget = budget;
        this.config = config.analyzer();
        this.claims = claims;
        this.scrubber = scrubber;
        this.heuristic = heuristic;
        this.openAi = openAi;
        this.http = http;
        this.sentryApi = sentryApi;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * How long a claim is held: enrichment plus every try of the analyzer with its waits, and a margin. A worker that
     * is still busy after that is presumed dead and its incident is claimed again.
     */
    public Duration lease() {
        Duration perTry = config.timeout().plus(config.retryAfterCap());
        return config.enrichTimeout().plus(perTry.multipliedBy(config.maxRetries() + 1L)).plus(Duration.ofSeconds(30));
    }

    /**
     * From now on an analysis in flight stores nothing: the process is stopping, its threads are interrupted (which
     * cancels a call to the analyzer) and the claims' leases run out, so another process analyses them whole.
     */
    public void cancelInFlight() {
        cancelled = true;
    }

    /** Undoes {@link #cancelInFlight()}: for tests, whose application lives on after a simulated shutdown. */
    void resumeAfterCancel() {
        cancelled = false;
    }

    /**
     * The context with the changes of its project in the hour before it opened, as one tag
     * ({@code changes_before}), so every analyzer is given them: in the prompt, in the http analyzer's JSON, to the
     * heuristics. Scrubbed like every other tag.
     */
    private IssueContext withChanges(IssueContext c, AnalysisClaims.Claim claim) {
        List<ChangeEvent> before = changes.before(c.project(), c.firstSeen() != null ? c.firstSeen() : claim.dueAt());
        if (before.isEmpty()) {
            return c;
        }
        String line = before.stream().map(e -> e.title() + " (" + e.source() + ", " + e.at() + ")")
                .collect(java.util.stream.Collectors.joining("; "));
        List<Tag> tags = new ArrayList<>(c.tags() == null ? List.of() : c.tags());
        tags.add(new Tag("changes_before", line));
        return c.toBuilder().tags(List.copyOf(tags)).build();
    }

    /**
     * How many incidents the worker claims at once: {@link #HEURISTIC_CLAIM} when only the heuristics answer (their
     * analysis takes microseconds; the claim's and the store's commits are the cost), one at a time for an AI.
     */
    public int claimSize() {
        return config.kind() == AnalyzerKind.heuristic ? HEURISTIC_CLAIM : 1;
    }

    /**
     * Analyses claimed incidents and stores the outcomes, the heuristics' in one transaction; returns how many were
     * stored (a claim whose lease was lost meanwhile stores nothing).
     */
    public int analyze(List<AnalysisClaims.Claim> claimed) {
        if (config.kind() != AnalyzerKind.heuristic) {
            return (int) claimed.stream().filter(this::analyzeByAi).count();
        }
        List<Analysis> analyses = new ArrayList<>(claimed.size());
        for (AnalysisClaims.Claim claim : claimed) {
            Timer.Sample sample = Timer.start(meters);
            analyses.add(heuristic.analyze(prepared(claim)));
            measure(sample, config.kind().name(), "success");
        }
        return claims.storeAll(claimed, analyses);
    }

    /**
     * Asks the configured AI about a claimed incident and stores the outcome (or the heuristic fallback); returns false
     * when the lease was lost meanwhile.
     */
    private boolean analyzeByAi(AnalysisClaims.Claim claim) {
        if (claim.analyzedBy() != null && budget.spent(clock.instant())) {
            // an upgrade try while this minute's budget is spent: keep the answer, come back next minute
            return claims.store(claim, null, AnalyzerBudget.nextMinute(clock.instant()),
                    Math.max(0, claim.attempts() - 1));
        }
        IssueContext ctx = prepared(claim);
        String kind = config.kind().name();
        Timer.Sample sample = Timer.start(meters);
        String ai = config.kind() == AnalyzerKind.openai ? openAi.name() : HttpAnalyzerClient.NAME;
        if (!budget.take(clock.instant())) {
            return overBudget(claim, ctx, ai);
        }
        try {
            Analysis analysis = config.kind() == AnalyzerKind.openai ? openAi.analyze(ctx) : http.analyze(ctx);
            if (cancelled()) {
                return false;
            }
            measure(sample, kind, "success");
            LOG.debugf("incident %d analysed by %s", claim.incidentId(), analysis.analyzedBy());
            return claims.store(claim, analysis, null, 0);
        } catch (PeerException e) {
            measure(sample, kind, "failed");
            return fallBack(claim, ctx, ai, e.reason(), e.retryAfter());
        } catch (RuntimeException e) {
            measure(sample, kind, "failed");
            // a bug or an unexpected answer shape must not cost the incident its analysis or its message
            LOG.warnf("incident %d: analyzer %s failed unexpectedly: %s", claim.incidentId(), ai,
                    e.getClass().getSimpleName());
            return fallBack(claim, ctx, ai, "error", null);
        }
    }

    /** What every analyzer is given: the context enriched from Sentry's API (optional), with its changes, scrubbed. */
    private IssueContext prepared(AnalysisClaims.Claim claim) {
        return scrubber.scrub(withChanges(sentryApi.enrich(context(claim)), claim));
    }

    /** {@code triage_analyzer_calls_total{analyzer,outcome}} and {@code triage_analyzer_seconds{analyzer,outcome}}. */
    private void measure(Timer.Sample sample, String analyzer, String outcome) {
        sample.stop(meters.timer("triage.analyzer", "analyzer", analyzer, "outcome", outcome));
        meters.counter("triage.analyzer.calls", "analyzer", analyzer, "outcome", outcome).increment();
    }

    private boolean cancelled() {
        // the REST client turns an interrupt into an I/O failure and may clear the flag: the shutdown's mark decides
        if (cancelled || Thread.currentThread().isInterrupted()) {
            LOG.debug("analysis cancelled by shutdown; its lease runs out and it is taken over");
            return true;
        }
        return false;
    }

    /**
     * The AI's budget of this minute is spent: the heuristic answers now (an earlier answer is kept) and the AI is
     * asked again from the next minute on, without using up an upgrade attempt; the claim order gives that minute's
     * budget to the riskiest incidents first.
     */
    private boolean overBudget(AnalysisClaims.Claim claim, IssueContext ctx, String ai) {
        meters.counter("triage.analyzer.calls", "analyzer", config.kind().name(), "outcome", "over_budget").increment();
        Analysis answer = claim.analyzedBy() != null ? null
                : heuristic.analyze(ctx, HeuristicAnalyzer.NAME + " (" + ai + " over budget)");
        return claims.store(claim, answer, AnalyzerBudget.nextMinute(clock.instant()),
                Math.max(0, claim.attempts() - 1));
    }

    private boolean fallBack(AnalysisClaims.Claim claim, IssueContext ctx, String ai, String reason, Duration retryAfter) {
        if (cancelled()) {
            return false; // the failure is the shutdown's interrupt, not the analyzer's
        }
        int attempts = claim.attempts();
        boolean again = attempts < config.upgradeAttempts();
        Instant nextTry = null;
        if (again) {
            Duration backoff = Backoff.doubling(config.upgradeBackoff(), 10).after(attempts);
            if (retryAfter != null && retryAfter.compareTo(backoff) > 0) {
                backoff = retryAfter;
            }
            nextTry = clock.instant().plus(backoff);
        }
        LOG.infof("incident %d: %s failed (%s); %s%s", claim.incidentId(), ai, reason,
                keepsAi(claim) ? "keeping the earlier AI analysis" : "using the heuristic analysis",
                again ? ", trying again at " + nextTry : "");
        Analysis fallback = keepsAi(claim) ? null
                : heuristic.analyze(ctx, HeuristicAnalyzer.NAME + " (" + ai + " failed: " + reason + ")");
        return claims.store(claim, fallback, nextTry, again ? attempts : 0);
    }

    /** An earlier answer of an AI (for this incident) is better than a heuristic one. */
    private static boolean keepsAi(AnalysisClaims.Claim claim) {
        return claim.analyzedBy() != null && !claim.analyzedBy().startsWith(HeuristicAnalyzer.NAME)
                && claim.rootCause() != null;
    }

    /** The stored context, or (none stored, or unreadable) one made of the title. */
    private static IssueContext context(AnalysisClaims.Claim claim) {
        return claim.context() != null ? claim.context()
                : IssueContext.builder(IssueContext.SOURCE_ISSUE, "unknown", null).title(claim.title()).build();
    }
}
