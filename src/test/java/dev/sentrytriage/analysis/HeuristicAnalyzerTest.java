package dev.sentrytriage.analysis;

import static dev.sentrytriage.analysis.AnalysisScenario.newIssueId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.TriageEvent;
import dev.sentrytriage.sentry.SentryPayloadParser;
import dev.sentrytriage.sentry.SentryResource;
import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.IncidentProbe;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.worker.DeliveryWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The default analyzer, on the real fixtures and on the failure shapes its rules name. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class HeuristicAnalyzerTest {

    @Inject
    HeuristicAnalyzer heuristic;
    @Inject
    SentryPayloadParser parser;
    @Inject
    DeliveryWorker deliveries;
    @Inject
    AnalysisWorker analyses;
    @Inject
    IncidentProbe probe;
    @Inject
    Database db;

    @ParameterizedTest
    @CsvSource({ "issue.created, issue", "error.created, error", "event_alert.triggered, event_alert" })
    void namesAnUndefinedReferenceInTheFixtures(String fixture, String resource) {
        IssueContext ctx = parser.parse(SentryResource.fromHeader(resource), SentryFixtures.tree(fixture));
        Analysis a = heuristic.analyze(ctx);
        assertTrue(a.rootCause().contains("does not exist at run time"), a.rootCause());
        assertEquals(0.4, a.confidence());
        assertEquals("heuristic", a.analyzedBy());
        assertTrue(a.impact().startsWith("Level error"), a.impact());
        assertTrue(a.impact().contains("platform javascript"), a.impact());
    }

    @Test
    void explainsAMetricAlertHonestly() {
        IssueContext ctx = parser.parse(SentryResource.fromHeader("metric_alert"), SentryFixtures.tree("metric_alert.critical"));
        Analysis a = heuristic.analyze(ctx);
        assertTrue(a.rootCause().startsWith("Metric alert \"metric alert\" crossed its threshold: 5 events in the last 10 minutes"),
                a.rootCause());
        assertEquals(HeuristicAnalyzer.GENERIC_CONFIDENCE, a.confidence());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "java.lang.NullPointerException | Cannot invoke \"String.length()\" because \"name\" is null | null",
            "TypeError | Cannot read properties of undefined (reading 'map') | null",
            "AttributeError | 'NoneType' object has no attribute 'id' | null",
            "java.net.SocketTimeoutException | Read timed out | timeout",
            "ConnectionRefusedError | [Errno 111] Connection refused | connection",
            "java.lang.OutOfMemoryError | Java heap space | oom",
            "org.postgresql.util.PSQLException | ERROR: duplicate key value violates unique constraint \"users_email_key\" | constraint",
            "org.postgresql.util.PSQLException | ERROR: deadlock detected | deadlock",
            "PSQLException | ERROR: canceling statement due to lock wait timeout | deadlock",
            "HTTPError | 401 Client Error: Unauthorized for url | auth",
            "HTTPError | 429 Client Error: Too Many Requests | rate-limit",
            "OSError | [Errno 28] No space left on device | disk",
            "RecursionError | maximum recursion depth exceeded | recursion",
            "ChunkLoadError | Loading chunk 42 failed. | chunk" })
    void rulesNameTheUsualCause(String type, String value, String rule) {
        Analysis a = heuristic.analyze(context(type, value));
        HeuristicAnalyzer.Rule expected = HeuristicAnalyzer.RULES.stream().filter(r -> r.name().equals(rule)).findFirst()
                .orElseThrow();
        assertTrue(a.rootCause().startsWith(expected.rootCause()), rule + " for " + value + ": " + a.rootCause());
        assertEquals(expected.fix(), a.fixSuggestion());
        assertEquals(expected.confidence(), a.confidence());
    }

    @Test
    void givesAnHonestGenericAnswerOtherwise() {
        Analysis a = heuristic.analyze(context("InvoiceMismatch", "totals differ by 3 cents"));
        assertTrue(a.rootCause().startsWith("No known failure pattern matches \"InvoiceMismatch: totals differ by 3 cents\""),
                a.rootCause());
        assertEquals(HeuristicAnalyzer.GENERIC_CONFIDENCE, a.confidence());
    }

    @Test
    void isTheDefaultAnalyzerAndNeedsNoRetry() {
        String issueId = newIssueId();
        AnalysisScenario.post("error.created", issueId);
        deliveries.drain();
        analyses.drain();
        Incident i = probe.incident(issueId);
        assertEquals("heuristic", i.analyzedBy);
        assertTrue(i.rootCause.contains("does not exist at run time"), i.rootCause);
        assertNull(i.analysisDueAt);
        assertEquals(0, i.analysisAttempts);
    }

    @Test
    void storesTheHeuristicAnalysesOfSeveralNewIssuesInOneTransaction() {
        List<String> issueIds = List.of(newIssueId(), newIssueId(), newIssueId());
        issueIds.forEach(id -> AnalysisScenario.post("error.created", id));
        deliveries.drain();

        assertEquals(3, analyses.drain());

        List<Long> ids = issueIds.stream().map(id -> probe.incident(id).id).toList();
        for (String id : issueIds) {
            assertEquals("heuristic", probe.incident(id).analyzedBy);
        }
        // one claim and one store for the three, not a claim and a commit each: the rows were last written by one
        // transaction
        assertEquals(1, db.count("select count(distinct xmin::text) from incident where id = any(?1)",
                (Object) ids.toArray(Long[]::new)));
    }

    private static IssueContext context(String type, String value) {
        return IssueContext.builder("sentry", "api", "1").resource("error").action("created")
                .event(TriageEvent.OCCURRENCE).title(type + ": " + value).culprit("app.handler").level("error")
                .environment("production").release("1.2.3").platform("python").count(12L).userCount(3L)
                .exceptionType(type).exceptionValue(value)
                .build();
    }
}
