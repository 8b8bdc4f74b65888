package dev.sentrytriage.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SafeUrlTest {

    @Test
    void passesAbsoluteHttpLinks() {
        assertEquals("https://acme.sentry.io/issues/42/?project=7",
                SafeUrl.http(" https://acme.sentry.io/issues/42/?project=7 "));
        assertEquals("http://sentry.internal:9000/issues/1/", SafeUrl.http("http://sentry.internal:9000/issues/1/"));
        assertEquals("HTTPS://SENTRY.IO/x", SafeUrl.http("HTTPS://SENTRY.IO/x"));
    }

    @Test
    void dropsEverythingElse() {
        for (String bad : new String[] { null, "", "javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>",
                "vbscript:x", "//evil.example/x", "/issues/1/", "https:///nohost", "https://user:pw@evil.example/",
                "https://evil.example/\u202etxt.exe", "https://evil.example/a b", "https://evil.example/\nx",
                "ftp://files.example/x", "https://" + "a".repeat(SafeUrl.MAX_LENGTH) + ".example/" }) {
            assertNull(SafeUrl.http(bad), String.valueOf(bad));
        }
    }
}
