package dev.sentrytriage.text;

import java.net.URI;
import java.util.Locale;

/**
 * The one check for a link taken from a payload before it is served anywhere (API, Telegram buttons, pages): only an
 * absolute {@code http}/{@code https} URL of printable ASCII with a host and no user info passes; {@code javascript:}, {@code data:},
 * relative and malformed links do not.
 */
public final class SafeUrl {

    /** Longest link that is served. */
    public static final int MAX_LENGTH = 2048;

    private SafeUrl() {
    }

    /** {@code url} when it is a safe absolute http(s) URL, else null. */
    public static String http(String url) {
        if (url == null) {
            return null;
        }
        String u = url.strip();
        if (u.isEmpty() || u.length() > MAX_LENGTH || !u.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return null; // a link from Sentry is ASCII: no spaces, controls, bidi or look-alike letters
        }
        try {
            URI uri = new URI(u); // refuses spaces, control characters and other illegal characters
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null && !uri.getHost().isEmpty()
                    && uri.getRawUserInfo() == null) {
                return uri.toString();
            }
        } catch (java.net.URISyntaxException e) {
            // not a URL: nothing is served
        }
        return null;
    }
}
