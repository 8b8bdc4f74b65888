package dev.sentrytriage.text;

/**
 * What any text taken from a payload becomes before it is stored: no NUL and no lone surrogate (PostgreSQL stores
 * neither), cut to one of the caps below, and a key (issue id, project) too long for the unique index kept as a prefix
 * and its SHA-256. Every source normalises through these, so the limits are the same whoever sent the text.
 */
public final class StoredText {

    /** Frames kept per context: the ones an engineer reads first. */
    public static final int MAX_FRAMES = 5;
    /** Longest issue id and project (characters); a longer one is kept as a prefix, "~" and its SHA-256 in hex. */
    public static final int MAX_KEY = 200;
    /** Short fields: short id, level, platform, environment, release, assignee, event id, exception type, tag keys. */
    public static final int MAX_SHORT = 200;
    /** Title, culprit, rule name, tag values, frame names and source lines. */
    public static final int MAX_TEXT = 1000;
    /** Message and exception value. */
    public static final int MAX_LONG = 4000;
    /** Links. */
    public static final int MAX_URL = 2048;
    /** Tags kept per context. */
    public static final int MAX_TAGS = 100;
    /** Source lines kept before and after a frame's line. */
    public static final int MAX_CONTEXT_LINES = 5;
    private StoredText() {
    }

    /** An issue id or project: cleaned, and hashed when longer than {@link #MAX_KEY}; null when absent or blank. */
    public static String key(String value) {
        String k = clean(value, Integer.MAX_VALUE);
        if (k == null || k.length() <= MAX_KEY) {
            return k;
        }
        String sha256 = Sha256.hex(k);
        return cut(k, MAX_KEY - sha256.length() - 1) + "~" + sha256;
    }

    /**
     * {@code value} without NUL and lone surrogates (PostgreSQL stores neither in text), cut to at most {@code max}
     * characters ("…" marks the cut, a surrogate pair is never split); null when nothing but blanks is left.
     */
    public static String clean(String value, int max) {
        if (value == null) {
            return null;
        }
        StringBuilder out = null;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean drop = c == 0
                    || Character.isHighSurrogate(c) && (i + 1 == n || !Character.isLowSurrogate(value.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)));
            if (drop && out == null) {
                out = new StringBuilder(n).append(value, 0, i);
            } else if (!drop && out != null) {
                out.append(c);
            }
        }
        String s = out == null ? value : out.toString();
        if (s.length() > max) {
            s = cut(s, max - 1) + "…";
        }
        return s.isBlank() ? null : s;
    }

    /** The first {@code length} characters, one less if that would split a surrogate pair. */
    private static String cut(String s, int length) {
        int end = Character.isHighSurrogate(s.charAt(length - 1)) ? length - 1 : length;
        return s.substring(0, end);
    }
}
