package dev.sentrytriage.notify;

/**
 * Builds Telegram HTML while counting its visible length. Outside text goes in only through {@link #text}, which
 * escapes it; tags go in only whole through {@link #open}/{@link #close}. Shortening happens on the raw text before
 * it is escaped, so a tag or an entity is never cut in half.
 */
final class HtmlText {

    private final StringBuilder html = new StringBuilder();
    private final StringBuilder plain = new StringBuilder();

    /** Appends outside (untrusted) text, escaped. */
    HtmlText text(String raw) {
        if (raw == null || raw.isEmpty()) {
            return this;
        }
        plain.append(raw);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '&' -> html.append("&amp;");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                default -> html.append(c);
            }
        }
        return this;
    }

    /** Appends a whole opening tag of our own, e.g. {@code b}. */
    HtmlText open(String tag) {
        html.append('<').append(tag).append('>');
        return this;
    }

    /** Appends a whole closing tag of our own. */
    HtmlText close(String tag) {
        html.append("</").append(tag).append('>');
        return this;
    }

    /** Appends {@code raw} inside {@code tag}. */
    HtmlText tagged(String tag, String raw) {
        return open(tag).text(raw).close(tag);
    }

    HtmlText newline() {
        return text("\n");
    }

    HtmlText append(HtmlText other) {
        html.append(other.html);
        plain.append(other.plain);
        return this;
    }

    /** Visible length as Telegram measures it after parsing entities (UTF-16 units, never less than code points). */
    int visibleLength() {
        return plain.length();
    }

    String html() {
        return html.toString();
    }

    String plain() {
        return plain.toString();
    }

    /**
     * {@code raw} shortened to at most {@code max} UTF-16 units (so also at most {@code max} code points), ending in
     * an ellipsis when cut; never splits a surrogate pair.
     */
    static String shorten(String raw, int max) {
        if (raw == null) {
            return null;
        }
        if (raw.length() <= max) {
            return raw;
        }
        if (max <= 0) {
            return "";
        }
        int end = max - 1; // room for the ellipsis
        if (end > 0 && Character.isHighSurrogate(raw.charAt(end - 1))) {
            end--;
        }
        return raw.substring(0, end) + "…";
    }

    /** Code points of {@code s}, the measure the issue names for the 4096 limit. */
    static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }
}
