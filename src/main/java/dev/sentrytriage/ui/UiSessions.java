package dev.sentrytriage.ui;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.text.Sha256;

/**
 * Sign-in to the board. The password is {@code TRIAGE_UI_PASSWORD}, else the API token; without either the board does
 * not exist. A session is a signed cookie value ({@code v1|expiry|nonce|who} and its HMAC-SHA256), so any replica that
 * shares the password accepts it and nothing is stored. The key is derived from the password: changing the password
 * ends every session. Each session has its own CSRF token, an HMAC of its nonce.
 */
@ApplicationScoped
public class UiSessions {

    /** The name of the session cookie. */
    public static final String COOKIE = "triage_session";
    /** The API token of local and dev mode, documented in the README; the sign-in page says when it is in use. */
    static final String DEVELOPMENT_TOKEN = "sentry-triage-dev-token";

    private static final int WHO_MAX = 40;

    /** A verified session: until when, its nonce (for the CSRF token) and who signed in (may be empty). */
    public record Session(Instant expires, String nonce, String who) {

        /** How the lifecycle records actions of this session: {@code ui:<who>}, or {@code ui}. */
        public String actor() {
            return who.isEmpty() ? "ui" : "ui:" + who;
        }
    }

    private final byte[] passwordDigest;
    private final byte[] key;
    private final boolean developmentPassword;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public UiSessions(TriageConfig config, Clock clock) {
        this(password(config.ui().password(), config.api().token()), config.ui().session(), clock);
    }

    UiSessions(Optional<String> password, Duration lifetime, Clock clock) {
        this.passwordDigest = password.map(p -> Sha256.of(p)).orElse(null);
        this.key = password.map(p -> hmac(p.getBytes(StandardCharsets.UTF_8), "sentry-triage board session v1"))
                .orElse(null);
        this.developmentPassword = password.filter(DEVELOPMENT_TOKEN::equals).isPresent();
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** The board's password: {@code triage.ui.password}, else {@code triage.api.token}; blank counts as unset. */
    static Optional<String> password(Optional<String> uiPassword, Optional<String> apiToken) {
        return uiPassword.map(String::trim).filter(p -> !p.isEmpty())
                .or(() -> apiToken.map(String::trim).filter(t -> !t.isEmpty()));
    }

    /** Whether the board exists: only with a password configured. */
    public boolean enabled() {
        return key != null;
    }

    /** Whether the password is the documented development token (local and dev mode). */
    public boolean developmentPassword() {
        return developmentPassword;
    }

    /** How long a session lasts. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Whether {@code presented} is the password; compares SHA-256 digests in constant time. */
    public boolean passwordMatches(String presented) {
        if (passwordDigest == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(Sha256.of(presented.trim()), passwordDigest);
    }

    /** A new session for {@code who} (any text; reduced to letters, digits and {@code ._@-}), as the cookie value. */
    public String open(String who) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        String payload = "v1|" + expires + "|" + HexFormat.of().formatHex(nonce) + "|" + cleanWho(who);
        return encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + encode(hmac(key, payload));
    }

    /** The session a cookie value stands for, or null when it is missing, forged, malformed or expired. */
    public Session verify(String cookie) {
        if (key == null || cookie == null || cookie.length() > 512) {
            return null;
        }
        int dot = cookie.indexOf('.');
        if (dot < 0) {
            return null;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(cookie.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] mac = Base64.getUrlDecoder().decode(cookie.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, hmac(key, payload))) {
                return null;
            }
            String[] parts = payload.split("\\|", 4);
            if (parts.length != 4 || !parts[0].equals("v1")) {
                return null;
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[1]));
            if (!expires.isAfter(clock.instant())) {
                return null;
            }
            return new Session(expires, parts[2], parts[3]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The CSRF token of a session: every form of the board carries it. */
    public String csrf(Session session) {
        return encode(hmac(key, "csrf|" + session.nonce()));
    }

    /** Whether {@code presented} is the session's CSRF token (constant-time). */
    public boolean csrfMatches(Session session, String presented) {
        if (session == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(csrf(session).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    static String cleanWho(String who) {
        if (who == null) {
            return "";
        }
        String clean = who.trim().replaceAll("[^\\p{L}\\p{N}._@ -]", "").replaceAll("\\s+", " ").trim();
        return clean.length() > WHO_MAX ? clean.substring(0, WHO_MAX) : clean;
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
