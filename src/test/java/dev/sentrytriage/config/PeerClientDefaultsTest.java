package dev.sentrytriage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The peer clients' derived keys see the documented defaults of the keys they come from, not only set values. */
@QuarkusTest
class PeerClientDefaultsTest {

    @Test
    void sentrysApiClientTakesTheDefaultUrlAndEnrichTimeout() {
        var config = ConfigProvider.getConfig();
        assertEquals("https://sentry.io", config.getValue("quarkus.rest-client.sentry-api.url", String.class));
        assertEquals("5000", config.getValue("quarkus.rest-client.sentry-api.read-timeout", String.class));
    }
}
