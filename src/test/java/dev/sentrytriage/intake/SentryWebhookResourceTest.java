package dev.sentrytriage.intake;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.Webhooks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class SentryWebhookResourceTest {

    @Inject
    EntityManager em;

    @Test
    void acceptsSignedIssueAndStoresIt() {
        byte[] body = SentryFixtures.body("issue.created");
        String id = Webhooks.post("issue", body)
                .statusCode(202)
                .body("status", equalTo("accepted"))
                .body("deliveryId", notNullValue())
                .extract().path("deliveryId");
        assertEquals("PENDING", status(id));
    }

    @Test
    void rejectsTamperedBody() {
        byte[] body = SentryFixtures.body("issue.assigned");
        String signature = SentryFixtures.sign(body);
        byte[] tampered = body.clone();
        tampered[tampered.length - 3] ^= 1;
        long before = count();
        Webhooks.post("issue", tampered, signature).statusCode(401).body("error", equalTo("invalid signature"));
        assertEquals(before, count());
    }

    @Transactional
    String status(String id) {
        return (String) em.createNativeQuery("select status from delivery where id = cast(?1 as uuid)")
                .setParameter(1, id).getSingleResult();
    }

    @Transactional
    long count() {
        return ((Number) em.createNativeQuery("select count(*) from delivery").getSingleResult()).longValue();
    }
}
