package dev.sentrytriage.source.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.source.sentry.SignatureVerifier;

class SignatureVerifierTest {

    @Test
    void verifiesSentryTestVectors() throws Exception {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/sentry/signature-vectors.json")) {
            vectors = new ObjectMapper().readTree(in).get("vectors");
        }
        assertEquals(2, vectors.size());
        for (JsonNode v : vectors) {
            byte[] body = v.get("body").asText().getBytes(StandardCharsets.UTF_8);
            String signature = v.get("signature").asText();
            assertEquals(signature, SignatureVerifier.sign(v.get("secret").asText(), body));
            assertTrue(new SignatureVerifier(List.of(v.get("secret").asText())).verify(body, signature));
            assertFalse(new SignatureVerifier(List.of("other")).verify(body, signature));
        }
    }

    @Test
    void acceptsAnyConfiguredSecretDuringRotation() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        SignatureVerifier verifier = new SignatureVerifier(List.of("new-secret", " old-secret "));
        assertTrue(verifier.verify(body, SignatureVerifier.sign("new-secret", body)));
        assertTrue(verifier.verify(body, SignatureVerifier.sign("old-secret", body)));
        assertFalse(verifier.verify(body, SignatureVerifier.sign("retired-secret", body)));
    }

    @Test
    void refusesMalformedHeadersAndMissingSecrets() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String good = SignatureVerifier.sign("s", body);
        SignatureVerifier verifier = new SignatureVerifier(List.of("s"));
        assertTrue(verifier.verify(body, good));
        assertTrue(verifier.verify(body, good.toUpperCase()), "hex digits are case-insensitive");
        assertFalse(verifier.verify(body, null));
        assertFalse(verifier.verify(body, ""));
        assertFalse(verifier.verify(body, good.substring(2)));
        assertFalse(verifier.verify(body, "zz" + good.substring(2)));
        assertFalse(verifier.verify(body, "sha256=" + good));
        SignatureVerifier none = new SignatureVerifier(List.of(" ", ""));
        assertFalse(none.configured());
        assertFalse(none.verify(body, good));
    }
}
