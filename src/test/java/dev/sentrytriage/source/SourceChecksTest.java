package dev.sentrytriage.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.source.standardwebhooks.StandardWebhookSource;
import dev.sentrytriage.support.TestConfig;
import io.smallrye.config.SmallRyeConfig;

/** Which enabled sources would refuse every delivery: production refuses to start with any of them. */
class SourceChecksTest {

    static Source generic(String name, List<String> keys) {
        return new StandardWebhookSource(name, keys, Clock.systemUTC(), null);
    }

    @Test
    void anEnabledSourceWithoutASecretIsAProblemNamingItsVariable() {
        Map<String, Source> sources = Map.of(
                "deploys", generic("deploys", List.of()),
                "billing-eu", generic("billing-eu", List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")),
                "broken", generic("broken", List.of("whsec_not base64!")));
        List<String> problems = SourceChecks.unsecured(List.of("deploys", "billing-eu", "broken"),
                name -> Optional.ofNullable(sources.get(name)));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("TRIAGE_SOURCE_DEPLOYS_SECRETS"), problems.get(0));
        assertTrue(problems.get(1).contains("TRIAGE_SOURCE_BROKEN_SECRETS"), "a key that is not a key secures nothing");
    }

    @Test
    void sourcesThatAreNotEnabledAreNoProblem() {
        assertEquals(List.of(), SourceChecks.unsecured(List.of(), name -> Optional.of(generic(name, List.of()))));
    }

    @Test
    void aDashedSourceWhoseKeyIsSetOnlyByEnvironmentIsCheckedToo() {
        Map<String, String> env = Map.of("TRIAGE_SOURCES", "my-hook", "TRIAGE_SOURCE_MY_HOOK_SECRETS", "short");
        SmallRyeConfig raw = TestConfig.build(env);
        List<String> problems = SourceChecks.weak(SourceChecks.secrets(raw.getConfigMapping(TriageConfig.class), raw));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("TRIAGE_SOURCE_MY_HOOK_SECRETS"), problems.get(0));
    }

    @Test
    void productionRefusesPublishedAndShortSecretsOfEverySourceNamingTheVariableNotTheValue() {
        Map<String, List<String>> secrets = new java.util.LinkedHashMap<>();
        secrets.put("TRIAGE_FOUNDRIES_SECRETS", List.of("short-secret"));
        secrets.put("TRIAGE_ALERTMANAGER_TOKENS", List.of("sentry-triage-dev-secret"));
        secrets.put("TRIAGE_SOURCE_DEMO_SECRETS", List.of("whsec_c2VudHJ5LXRyaWFnZS1kZXYtc2VjcmV0"));
        secrets.put("TRIAGE_SERVO_SECRETS", List.of("a-long-enough-random-secret-value"));
        List<String> problems = SourceChecks.weak(secrets);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("TRIAGE_FOUNDRIES_SECRETS"), problems.get(0));
        assertTrue(problems.get(1).startsWith("TRIAGE_ALERTMANAGER_TOKENS"), problems.get(1));
        assertTrue(problems.get(2).startsWith("TRIAGE_SOURCE_DEMO_SECRETS"), problems.get(2));
        assertTrue(problems.stream().noneMatch(p -> p.contains("short-secret") || p.contains("dev-secret")));
    }
}
