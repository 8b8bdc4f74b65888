package dev.sentrytriage.source;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A signature header holding the lowercase hex HMAC of the exact body bytes (optionally after a prefix such as
 * {@code sha256:}), keyed with the UTF-8 bytes of one of several secrets. Fail-closed and constant time: every
 * secret is tried, and a missing or malformed header is a refusal.
 */
public final class HmacSignature {

    private final String algorithm;
    private final String prefix;
    private final int bytes;
    private final List<SecretKeySpec> keys;

    public HmacSignature(String algorithm, String prefix, int bytes, List<String> secrets) {
        this.algorithm = algorithm;
        this.prefix = prefix;
        this.bytes = bytes;
        this.keys = secrets(Optional.of(secrets)).stream()
                .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), algorithm)).toList();
    }

    /** The non-blank, trimmed entries of a comma-separated secret list. */
    public static List<String> secrets(Optional<List<String>> configured) {
        return configured.orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean configured() {
        return !keys.isEmpty();
    }

    /** True when {@code header} is the signature of {@code body} under any configured secret. */
    public boolean verify(byte[] body, String header) {
        byte[] presented = decode(header);
        if (presented == null || keys.isEmpty()) {
            return false;
        }
        boolean match = false;
        for (SecretKeySpec key : keys) {
            match |= MessageDigest.isEqual(presented, hmac(algorithm, key, body)); // all tried: timing tells nothing
        }
        return match;
    }

    /** The header value a sender with {@code secret} would send for {@code body}. */
    public String sign(String secret, byte[] body) {
        return prefix + HexFormat.of().formatHex(
                hmac(algorithm, new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm), body));
    }

    private byte[] decode(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return null;
        }
        String hex = value.substring(prefix.length());
        if (hex.length() != bytes * 2) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] hmac(String algorithm, SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
