package dev.sentrytriage.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Frame;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Tag;

/**
 * Removes secrets and personal data from an issue context before it leaves the process: e-mail and IP addresses,
 * bearer and API tokens, JWTs, credentials in URLs, query string values, secret-looking {@code key=value} pairs,
 * card-like numbers (Luhn-checked), Sentry's user tags and the assignee; plus the configured extra patterns.
 * <p>
 * Bounded whatever the input: every pattern (the configured ones too) is matched by RE2/J in time linear in the text,
 * a text is cut to {@value #MAX_TEXT} characters before it is scrubbed, and one context to {@value #MAX_CONTEXT}
 * characters in all; what is cut never leaves the process.
 */
@ApplicationScoped
public class Scrubber {

    /** What every match is replaced with. */
    public static final String REDACTED = "[redacted]";
    /** Longest text scrubbed (and passed on); the rest is cut off and marked with {@link #CUT}. */
    public static final int MAX_TEXT = 16_384;
    /** Most characters scrubbed for one context; fields past that are replaced by {@link #CUT}. */
    public static final int MAX_CONTEXT = 131_072;
    /** Marks text cut at a limit. */
    public static final String CUT = "[cut]";
    /** The variable that configures the extra patterns, named in every complaint about them. */
    public static final String PATTERNS_VARIABLE = "TRIAGE_ANALYZER_SCRUB_PATTERNS";

    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@?#]+@");
    private static final Pattern URL_QUERY = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^\\s?#\"'<>]*\\?)([^\\s#\"'<>]+)");
    private static final Pattern QUERY_PAIR = Pattern.compile("([^&=;]+)=([^&;]*)");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+([A-Za-z0-9._~+/=-]{12,})");
    private static final Pattern API_KEYS = Pattern.compile("\\b(?:"
            + "(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}" // OpenAI, Stripe and look-alikes
            + "|(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}" // Stripe
            + "|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}" // GitHub
            + "|glpat-[A-Za-z0-9_-]{20,}" // GitLab
            + "|xox[abprs]-[A-Za-z0-9-]{10,}" // Slack
            + "|AKIA[0-9A-Z]{16}" // AWS access key id
            + "|AIza[0-9A-Za-z_-]{35}" // Google
            + "|sntr[ysu]_[A-Za-z0-9_=+/-]{20,}" // Sentry
            + "|\\d{6,12}:[A-Za-z0-9_-]{30,}" // Telegram bot token
            + ")");
    private static final Pattern SECRET_PAIR = Pattern.compile("(?i)\\b((?:[a-z0-9_-]*?)(?:password|passwd|pwd|secret|token"
            + "|api[_-]?key|apikey|access[_-]?key|auth|authorization|credential|session[_-]?id|cookie|signature|dsn))"
            + "(\"?\\s*[=:]\\s*\"?)([^\\s&\"',;}]+)");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    // RE2 has no look-around: addresses and card numbers are found as whole runs of their characters, then checked
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern HEX_AND_COLONS = Pattern.compile("[0-9A-Fa-f:]+");
    private static final Pattern IPV6 = Pattern.compile(
            "(?i)(?:[0-9a-f]{1,4}:){1,7}(?::|(?::[0-9a-f]{1,4}){1,7}|[0-9a-f]{1,4})");
    private static final Pattern TIME_OF_DAY = Pattern.compile("\\d{1,2}:\\d{2}(?::\\d{2})?");
    private static final Pattern DIGIT_GROUPS = Pattern.compile("[0-9]+(?:[ -][0-9]+)*");
    private static final List<String> USER_TAGS = List.of("user", "sentry:user", "email", "ip", "ip_address",
            "client_ip", "username");

    private final List<Pattern> extra = new ArrayList<>();

    @Inject
    public Scrubber(TriageConfig config) {
        this(config.analyzer().scrubPatterns().orElse(List.of()));
    }

    /** A scrubber with {@code extraPatterns} on top of the built-in ones; throws when one is not a valid RE2 pattern. */
    public Scrubber(List<String> extraPatterns) {
        List<String> problems = problems(extraPatterns);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        extraPatterns.stream().filter(p -> !p.isBlank()).forEach(p -> extra.add(Pattern.compile(p)));
    }

    /**
     * What is wrong with configured extra patterns, one message per pattern that RE2/J cannot compile (it has no
     * look-around and no back-references, which is what keeps matching linear); empty when all are usable.
     */
    public static List<String> problems(List<String> extraPatterns) {
        List<String> problems = new ArrayList<>();
        for (String p : extraPatterns) {
            if (p.isBlank()) {
                continue;
            }
            try {
                Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                problems.add(PATTERNS_VARIABLE + ": '" + p + "' is not a usable pattern (" + e.getDescription()
                        + "); RE2 syntax, no look-around or back-references");
            }
        }
        return problems;
    }

    /** A copy of the context with nothing personal or secret left in it, within {@value #MAX_CONTEXT} characters. */
    public IssueContext scrub(IssueContext c) {
        Budget b = new Budget();
        return c.toBuilder()
                .title(b.scrub(c.title())).culprit(b.scrub(c.culprit())).environment(b.scrub(c.environment()))
                .release(b.scrub(c.release())).message(b.scrub(c.message())).exceptionType(b.scrub(c.exceptionType()))
                .exceptionValue(b.scrub(c.exceptionValue())).tags(tags(c.tags(), b)).frames(frames(c.frames(), b))
                .sentryUrl(null).triggeredRule(b.scrub(c.triggeredRule())).assignee(null)
                .build();
    }

    /** The text (cut to {@value #MAX_TEXT} characters) with every secret and personal datum replaced by {@value #REDACTED}. */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = text.length() > MAX_TEXT ? cut(text, MAX_TEXT) : text;
        // a pattern runs only where its literal occurs (cheap scans); the cost is linear either way
        if (s.contains("://")) {
            s = URL_USERINFO.matcher(s).replaceAll("$1" + REDACTED + "@");
            s = replace(URL_QUERY, s, m -> m.group(1) + QUERY_PAIR.matcher(m.group(2)).replaceAll("$1=" + REDACTED));
        }
        if (s.contains("eyJ")) {
            s = JWT.matcher(s).replaceAll(REDACTED);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.contains("bearer") || lower.contains("basic")) {
            // a real token has a digit
            s = replace(BEARER, s, m -> m.group(2).chars().anyMatch(Character::isDigit) ? m.group(1) + " " + REDACTED
                    : m.group());
        }
        s = API_KEYS.matcher(s).replaceAll(REDACTED);
        if (s.indexOf('=') >= 0 || s.indexOf(':') >= 0) {
            s = replace(SECRET_PAIR, s, m -> m.group(3).equals(REDACTED) ? m.group() : m.group(1) + m.group(2) + REDACTED);
        }
        if (s.indexOf('@') >= 0) {
            s = EMAIL.matcher(s).replaceAll(REDACTED);
        }
        if (s.indexOf('.') >= 0) {
            s = replace(DIGITS_AND_DOTS, s, Scrubber::ipv4);
        }
        if (s.indexOf(':') >= 0) {
            s = replace(HEX_AND_COLONS, s, m -> isIpv6(m.group()) ? REDACTED : m.group());
        }
        s = replace(DIGIT_GROUPS, s, m -> cards(m.group()));
        for (Pattern p : extra) {
            s = p.matcher(s).replaceAll(REDACTED);
        }
        return s;
    }

    /** The first {@code max} characters of {@code text} (never half a surrogate pair), marked as cut. */
    private static String cut(String text, int max) {
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + CUT;
    }

    /** Scrubs the fields of one context while its character budget lasts; fields past it are replaced by {@link #CUT}. */
    private final class Budget {
        private long left = MAX_CONTEXT;

        String scrub(String text) {
            if (text == null || text.isEmpty()) {
                return text;
            }
            if (left <= 0) {
                return CUT;
            }
            String s = text.length() > left ? cut(text, (int) left) : text;
            left -= Math.min(s.length(), MAX_TEXT);
            return Scrubber.this.scrub(s);
        }
    }

    private static List<Tag> tags(List<Tag> tags, Budget b) {
        if (tags == null) {
            return List.of();
        }
        return tags.stream().map(t -> isUserTag(t.key()) ? new Tag(t.key(), REDACTED) : new Tag(t.key(), b.scrub(t.value())))
                .toList();
    }

    private static boolean isUserTag(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return USER_TAGS.contains(k) || k.startsWith("user.") || k.startsWith("user_");
    }

    private static List<Frame> frames(List<Frame> frames, Budget b) {
        if (frames == null) {
            return List.of();
        }
        return frames.stream().map(f -> new Frame(b.scrub(f.filename()), b.scrub(f.function()), b.scrub(f.module()),
                f.lineno(), f.colno(), f.inApp(), b.scrub(f.contextLine()), lines(f.preContext(), b),
                lines(f.postContext(), b))).toList();
    }

    private static List<String> lines(List<String> lines, Budget b) {
        return lines == null ? List.of() : lines.stream().map(b::scrub).toList();
    }

    private static String replace(Pattern pattern, String text, Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * A run of digits and dots holds an IPv4 address where the run, less trailing dots, is exactly one: an address
     * inside a longer dotted number (a version 1.2.3.4.5) is not one.
     */
    private static String ipv4(Matcher m) {
        String run = m.group();
        int end = run.length();
        while (end > 0 && run.charAt(end - 1) == '.') {
            end--;
        }
        return end > 0 && IPV4.matcher(run.substring(0, end)).matches() ? REDACTED + run.substring(end) : run;
    }

    // an IPv6 address is a whole run of hex digits and colons; "a::b" in code is not one: a real address has a digit
    // and at least two colons, and is not a time of day
    private static boolean isIpv6(String s) {
        return s.indexOf(':') != s.lastIndexOf(':') && s.chars().anyMatch(Character::isDigit)
                && IPV6.matcher(s).matches() && !TIME_OF_DAY.matcher(s).matches();
    }

    /**
     * Card numbers in a run of digit groups (single spaces or dashes between them): from the leftmost group on, the
     * longest span of whole groups holding 13 to 19 digits that passes the Luhn check is redacted; then the search
     * goes on after that span, as a regular expression with look-around would.
     */
    private static String cards(String run) {
        List<int[]> spans = new ArrayList<>(); // [start, end, digits] of each group of digits
        for (int k = 0; k < run.length();) {
            int start = k;
            while (k < run.length() && Character.isDigit(run.charAt(k))) {
                k++;
            }
            spans.add(new int[] { start, k, k - start });
            k++; // the separator
        }
        StringBuilder out = new StringBuilder(run.length());
        int copied = 0;
        int i = 0;
        while (i < spans.size()) {
            int digits = 0;
            int last = -1;
            for (int j = i; j < spans.size() && digits + spans.get(j)[2] <= 19; j++) {
                digits += spans.get(j)[2];
                if (digits >= 13) {
                    last = j;
                }
            }
            if (last < 0) {
                i++;
                continue;
            }
            String candidate = run.substring(spans.get(i)[0], spans.get(last)[1]);
            if (luhn(candidate)) {
                out.append(run, copied, spans.get(i)[0]).append(REDACTED);
                copied = spans.get(last)[1];
            }
            i = last + 1;
        }
        return copied == 0 ? run : out.append(run, copied, run.length()).toString();
    }

    static boolean luhn(String candidate) {
        String digits = candidate.replaceAll("[ -]", "");
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
