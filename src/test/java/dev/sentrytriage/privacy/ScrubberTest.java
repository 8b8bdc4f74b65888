package dev.sentrytriage.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.incident.Frame;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Tag;
import dev.sentrytriage.incident.TriageEvent;
import dev.sentrytriage.privacy.Scrubber;

class ScrubberTest {

    private final Scrubber scrubber = new Scrubber(List.of("ACME-[0-9]{6}"));

    @Test
    void redactsEmailAndIpAddresses() {
        assertEquals("mail [redacted] from [redacted] and [redacted]",
                scrubber.scrub("mail jane.doe+x@example.co.uk from 162.217.75.90 and 2001:db8:85a3::8a2e:370:7334"));
        assertEquals("user ip:[redacted]", scrubber.scrub("user ip:10.0.0.1"));
    }

    @Test
    void keepsVersionsTimesAndCodePathsThatLookLikeAddresses() {
        String text = "Chrome 75.0.3770 at 12:30:45 in Db::Error with 1.2.3 and std::vector";
        assertEquals(text, scrubber.scrub(text));
    }

    @Test
    void redactsTokensKeysAndJwts() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        String out = scrubber.scrub("Authorization: Bearer abcDEF1234567890xyz jwt " + jwt
                + " key sk-proj-abcdefghijklmnop1234 aws AKIAIOSFODNN7EXAMPLE gh ghp_" + "abcdefghijklmnopqrstuvwxyz0123");
        // (the fake GitHub token is split in two so that secret scanners do not mistake this file for a leak)
        assertFalse(out.contains("abcDEF1234567890xyz"));
        assertFalse(out.contains("eyJ"));
        assertFalse(out.contains("sk-proj"));
        assertFalse(out.contains("AKIA"));
        assertFalse(out.contains("ghp_"));
        assertTrue(out.startsWith("Authorization: [redacted]") || out.startsWith("Authorization: Bearer [redacted]"), out);
    }

    @Test
    void redactsCredentialsInUrlsAndQueryStrings() {
        assertEquals("connect postgres://[redacted]@db:5432/shop",
                scrubber.scrub("connect postgres://admin:hunter2@db:5432/shop"));
        assertEquals("GET https://x.example/cb?code=[redacted]&state=[redacted]#top",
                scrubber.scrub("GET https://x.example/cb?code=abc123&state=xyz#top"));
        assertEquals("login failed: password=[redacted] api_key: [redacted]",
                scrubber.scrub("login failed: password=hunter2 api_key: k-998877"));
    }

    @Test
    void redactsCardNumbersThatPassLuhnOnly() {
        assertEquals("card [redacted] ok", scrubber.scrub("card 4111 1111 1111 1111 ok"));
        assertEquals("order 1234567890123 ok", scrubber.scrub("order 1234567890123 ok")); // fails the Luhn check
    }

    @Test
    void appliesConfiguredPatterns() {
        assertEquals("customer [redacted] failed", scrubber.scrub("customer ACME-123456 failed"));
    }

    @Test
    void dropsSentryUserFieldsAndTheAssignee() {
        IssueContext ctx = IssueContext.builder("sentry", "p", "1").resource("issue").action("created")
                .event(TriageEvent.OCCURRENCE).shortId("P-1").title("Boom for sam@example.net").level("error")
                .environment("prod").release("1.0").platform("java").count(1L).userCount(1L)
                .exceptionType("IllegalStateException").exceptionValue("boom")
                .tags(List.of(new Tag("user", "ip:162.217.75.90"), new Tag("user.email", "sam"),
                        new Tag("browser", "Chrome")))
                .frames(List.of(new Frame("A.java", "run", "a.A", 3, null, true, "String pw = \"password=letmein\";",
                        List.of("// 10.1.1.1"), List.of())))
                .sentryUrl("https://sentry.io/issues/1/").eventId("e1").assignee("Sam Person")
                .build();
        IssueContext out = scrubber.scrub(ctx);
        assertEquals("Boom for [redacted]", out.title());
        assertEquals(List.of(new Tag("user", "[redacted]"), new Tag("user.email", "[redacted]"),
                new Tag("browser", "Chrome")), out.tags());
        assertEquals("String pw = \"password=[redacted]\";", out.frames().get(0).contextLine());
        assertEquals(List.of("// [redacted]"), out.frames().get(0).preContext());
        assertNull(out.assignee());
        assertNull(out.sentryUrl());
    }

    @Test
    void keepsAddressLookalikesInsideLongerRuns() {
        assertEquals("version 1.2.3.4.5 and [redacted].", scrubber.scrub("version 1.2.3.4.5 and 10.0.0.1."));
        assertEquals("ids 01.2.3.4 and 1.2.3.256 stay", scrubber.scrub("ids 01.2.3.4 and 1.2.3.256 stay"));
        assertEquals("hash deadbeef:cafe and [redacted]", scrubber.scrub("hash deadbeef:cafe and fe80::1"));
        assertEquals("Bearer abcdefghijklmnop has no digit", scrubber.scrub("Bearer abcdefghijklmnop has no digit"));
        assertEquals("cards [redacted], [redacted] not 4111-1111-1111-1112",
                scrubber.scrub("cards 4111-1111-1111-1111, 5500 0000 0000 0004 not 4111-1111-1111-1112"));
    }

    @Test
    void scrubsHostileTextInBoundedTime() {
        // near misses of every pattern, without '@': a backtracking matcher takes minutes on this
        String hostile = String.join("", Collections.nCopies(12_000, "a.b-c_d%e+f.1.2.3 ")) + "x".repeat(80_000)
                + ".".repeat(80_000) + "bearer " + "9".repeat(1000);
        assertTrue(hostile.length() > 300_000);
        String out = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> scrubber.scrub(hostile));
        assertEquals(Scrubber.MAX_TEXT + Scrubber.CUT.length(), out.length());
        assertTrue(out.endsWith(Scrubber.CUT));
    }

    @Test
    void cutsAContextToItsBudgetAndNeverPassesTheRestOn() {
        String line = "x".repeat(Scrubber.MAX_TEXT - 20) + " sam@example.net";
        List<String> many = Collections.nCopies(Scrubber.MAX_CONTEXT / line.length() + 5, line);
        IssueContext ctx = IssueContext.builder("sentry", "p", "1").resource("issue").action("created")
                .event(TriageEvent.OCCURRENCE).shortId("P-1").title("t").level("error").platform("java").count(1L)
                .userCount(1L).frames(List.of(new Frame("A.java", "run", "a.A", 3, null, true, null, many, List.of())))
                .eventId("e1")
                .build();
        IssueContext out = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> scrubber.scrub(ctx));
        List<String> lines = out.frames().get(0).preContext();
        assertTrue(lines.get(0).endsWith(" [redacted]"), lines.get(0).substring(lines.get(0).length() - 30));
        assertEquals(Scrubber.CUT, lines.get(lines.size() - 1));
        assertTrue(lines.stream().mapToInt(String::length).sum() <= Scrubber.MAX_CONTEXT + 100 * Scrubber.CUT.length());
        assertTrue(lines.stream().noneMatch(l -> l.contains("@")));
    }

    @Test
    void refusesConfiguredPatternsThatCannotBeMatchedInLinearTime() {
        List<String> problems = Scrubber.problems(List.of("ACME-[0-9]{6}", "(?<=user )\\w+", "(a)\\1", "[unclosed"));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.startsWith("TRIAGE_ANALYZER_SCRUB_PATTERNS: ")), problems.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Scrubber(List.of("(?=x)y")));
        assertTrue(e.getMessage().contains("TRIAGE_ANALYZER_SCRUB_PATTERNS"), e.getMessage());
    }
}
