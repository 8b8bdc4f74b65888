package dev.sentrytriage.support;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import dev.sentrytriage.worker.DeliveryWorker;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The setup every webhook test repeats: the embedded database, emptied before each test, and the worker to drain
 * what the webhook stored. A subclass is still annotated {@code @QuarkusTest}; its own {@code @BeforeEach} runs after
 * the reset.
 */
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
public abstract class WebhookTestBase {

    @Inject
    protected Database db;

    @Inject
    protected DeliveryWorker worker;

    @BeforeEach
    void resetDatabase() {
        db.reset();
    }
}
