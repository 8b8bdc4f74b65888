package dev.sentrytriage.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.MutableClock;

class UiSessionsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final UiSessions sessions = new UiSessions(Optional.of("correct horse"), Duration.ofHours(12), clock);

    @Test
    void boardPasswordWinsOverTheApiTokenAndNeitherMeansNoBoard() {
        assertEquals(Optional.of("ui"), UiSessions.password(Optional.of(" ui "), Optional.of("api")));
        assertEquals(Optional.of("api"), UiSessions.password(Optional.of("  "), Optional.of("api")));
        assertEquals(Optional.empty(), UiSessions.password(Optional.empty(), Optional.of("")));
        UiSessions none = new UiSessions(Optional.empty(), Duration.ofHours(12), clock);
        assertFalse(none.enabled());
        assertFalse(none.passwordMatches(""));
        assertNull(none.verify(sessions.open("x")));
    }

    @Test
    void checksThePassword() {
        assertTrue(sessions.passwordMatches("correct horse"));
        assertFalse(sessions.passwordMatches("correct hors"));
        assertFalse(sessions.passwordMatches(null));
        assertFalse(sessions.developmentPassword());
        assertTrue(new UiSessions(Optional.of(UiSessions.DEVELOPMENT_TOKEN), Duration.ofHours(1), clock)
                .developmentPassword());
    }

    @Test
    void sessionLastsItsLifetimeAndNoLonger() {
        String cookie = sessions.open("alice");
        UiSessions.Session s = sessions.verify(cookie);
        assertNotNull(s);
        assertEquals("ui:alice", s.actor());
        clock.advance(Duration.ofHours(12).minusSeconds(1));
        assertNotNull(sessions.verify(cookie));
        clock.advance(Duration.ofSeconds(1));
        assertNull(sessions.verify(cookie), "expired");
    }

    @Test
    void refusesForgedAndForeignSessions() {
        String cookie = sessions.open("alice");
        String payload = new String(Base64.getUrlDecoder().decode(cookie.substring(0, cookie.indexOf('.'))),
                StandardCharsets.UTF_8);
        String longer = payload.replaceFirst("\\|\\d+\\|", "|" + Long.MAX_VALUE / 2 + "|");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(longer.getBytes(StandardCharsets.UTF_8))
                + cookie.substring(cookie.indexOf('.'));
        assertNull(sessions.verify(forged), "a changed expiry breaks the signature");
        assertNull(new UiSessions(Optional.of("another password"), Duration.ofHours(12), clock).verify(cookie),
                "another password, another key: changing the password ends every session");
        for (String junk : new String[] { null, "", ".", "abc", "a.b.c", "%%%.%%%" }) {
            assertNull(sessions.verify(junk), junk);
        }
    }

    @Test
    void csrfTokenIsBoundToItsSession() {
        UiSessions.Session a = sessions.verify(sessions.open("a"));
        UiSessions.Session b = sessions.verify(sessions.open("a"));
        assertTrue(sessions.csrfMatches(a, sessions.csrf(a)));
        assertNotEquals(sessions.csrf(a), sessions.csrf(b));
        assertFalse(sessions.csrfMatches(a, sessions.csrf(b)));
        assertFalse(sessions.csrfMatches(a, null));
        assertFalse(sessions.csrfMatches(null, sessions.csrf(a)));
    }

    @Test
    void namesAreReducedToPlainText() {
        assertEquals("alice", UiSessions.cleanWho(" alice "));
        assertEquals("scriptalert1script", UiSessions.cleanWho("<script>alert(1)</script>"));
        assertEquals("a b", UiSessions.cleanWho("a|\n b"));
        assertEquals(40, UiSessions.cleanWho("x".repeat(100)).length());
        assertEquals("ui", sessions.verify(sessions.open("|||")).actor());
    }

    @Test
    void throttlesGuessingPerAddress() {
        SignInThrottle throttle = new SignInThrottle(clock);
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            assertNull(throttle.lockedFor("10.0.0.1"));
            throttle.failed("10.0.0.1");
        }
        assertEquals(SignInThrottle.WINDOW, throttle.lockedFor("10.0.0.1"));
        assertNull(throttle.lockedFor("10.0.0.2"), "other addresses may still sign in");
        clock.advance(SignInThrottle.WINDOW);
        assertNull(throttle.lockedFor("10.0.0.1"), "the lock ends with the window");
    }

    @Test
    void nextStaysOnThisSite() {
        assertEquals("/incidents/5?x=1", SignInResource.safeNext("/incidents/5?x=1"));
        for (String bad : new String[] { null, "", "https://evil.example", "//evil.example", "/\\evil.example",
                "incidents", "/a\r\nSet-Cookie: x" }) {
            assertEquals("/", SignInResource.safeNext(bad), bad);
        }
    }
}
