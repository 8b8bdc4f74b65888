package dev.sentrytriage.intake;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With no client secret configured, nothing can be verified, so everything is refused. */
@QuarkusTest
@TestProfile(NoSecretConfiguredTest.NoSecret.class)
class NoSecretConfiguredTest {

    public static class NoSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.sentry.secrets", "");
        }
    }

    @Inject
    Database db;

    @Test
    void refusesEvenACorrectlySignedDelivery() {
        db.reset();
        Webhooks.postFixture("issue.created").statusCode(401).body("error", equalTo("invalid signature"));
        assertEquals(0, db.count("select count(*) from delivery"));
    }

    @Test
    void refusesUnsignedDelivery() {
        db.reset();
        Webhooks.post("issue", SentryFixtures.body("issue.created"), null).statusCode(401);
        assertEquals(0, db.count("select count(*) from delivery"));
    }
}
