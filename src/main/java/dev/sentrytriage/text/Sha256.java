package dev.sentrytriage.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest of the service: delivery digests, hashed keys, token comparison. */
public final class Sha256 {

    private Sha256() {
    }

    /** The digest of {@code bytes}. */
    public static byte[] of(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The digest of {@code text} in UTF-8. */
    public static byte[] of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The digest of {@code text} in UTF-8, as lower-case hex. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(of(text));
    }
}
