package dev.sentrytriage.analysis;

import java.util.regex.Pattern;

/**
 * An analyzer's answer for one incident. Whatever its source, it is built through {@link #of}, which treats every
 * field as untrusted text: control and bidi characters stripped, lengths capped, confidence clamped to 0..1.
 */
public record Analysis(String rootCause, String impact, String fixSuggestion, String prevention, Double confidence,
        String analyzedBy) {

    static final int MAX_ROOT_CAUSE = 1000;
    static final int MAX_IMPACT = 600;
    static final int MAX_FIX = 1000;
    static final int MAX_PREVENTION = 600;
    static final int MAX_ANALYZED_BY = 120;

    // C0/C1 controls except tab and newline, plus the bidi overrides and isolates that can disguise text
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]|[\\u202A-\\u202E\\u2066-\\u2069\\u200E\\u200F]");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

    /** An analysis with every field cleaned and capped; blank fields become null. */
    public static Analysis of(String rootCause, String impact, String fixSuggestion, String prevention,
            Double confidence, String analyzedBy) {
        return new Analysis(clean(rootCause, MAX_ROOT_CAUSE), clean(impact, MAX_IMPACT), clean(fixSuggestion, MAX_FIX),
                clean(prevention, MAX_PREVENTION), clamp(confidence), clean(analyzedBy, MAX_ANALYZED_BY));
    }

    /** The same answer, said to come from {@code analyzedBy}. */
    public Analysis by(String analyzedBy) {
        return of(rootCause, impact, fixSuggestion, prevention, confidence, analyzedBy);
    }

    /** Whether the answer says anything at all. */
    public boolean isEmpty() {
        return rootCause == null && fixSuggestion == null;
    }

    /** Untrusted text made safe to store and show: no control characters, at most {@code max} code points. */
    static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        String s = text.replace("\r\n", "\n").replace('\r', '\n');
        s = UNSAFE.matcher(s).replaceAll("");
        s = BLANK_LINES.matcher(s).replaceAll("\n\n").strip();
        if (s.isEmpty()) {
            return null;
        }
        if (s.codePointCount(0, s.length()) > max) {
            s = s.substring(0, s.offsetByCodePoints(0, max - 1)).stripTrailing() + "…";
        }
        return s;
    }

    /** Confidence within 0..1; null when unknown or not a number. */
    static Double clamp(Double confidence) {
        if (confidence == null || confidence.isNaN()) {
            return null;
        }
        return Math.max(0.0, Math.min(1.0, confidence));
    }
}
