package dev.sentrytriage.source.sentry;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.sentrytriage.config.TriageConfig;

/**
 * Checks {@code Sentry-Hook-Signature}: the lowercase hex HMAC-SHA256 of the exact body bytes, keyed with the UTF-8
 * bytes of a client secret. Fail-closed: no secret, no header, or a header that is not 64 hex digits is a refusal.
 */
@ApplicationScoped
public class SignatureVerifier {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_BYTES = 32;

    private final List<SecretKeySpec> keys;

    @Inject
    public SignatureVerifier(TriageConfig config) {
        this(config.sentry().secrets().orElse(List.of()));
    }

    SignatureVerifier(List<String> secrets) {
        this.keys = secrets.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), ALGORITHM))
                .toList();
    }

    /** Whether at least one secret is configured; without one every delivery is refused. */
    public boolean configured() {
        return !keys.isEmpty();
    }

    /** True when {@code signatureHeader} is the signature of {@code body} under any configured secret. */
    public boolean verify(byte[] body, String signatureHeader) {
        byte[] presented = decode(signatureHeader);
        if (presented == null || keys.isEmpty()) {
            return false;
        }
        boolean match = false;
        for (SecretKeySpec key : keys) {
            // every key is tried, so the time taken does not tell which one matched
            match |= MessageDigest.isEqual(presented, hmac(key, body));
        }
        return match;
    }

    /** The signature of {@code body} under {@code secret}, as Sentry would send it. */
    public static String sign(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM), body));
    }

    private static byte[] decode(String header) {
        if (header == null) {
            return null;
        }
        String hex = header.trim();
        if (hex.length() != SIGNATURE_BYTES * 2) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
