package dev.sentrytriage.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.sentry.Frame;
import dev.sentrytriage.sentry.IssueContext;
import dev.sentrytriage.sentry.Tag;

/**
 * Removes secrets and personal data from an issue context before it leaves the process: e-mail and IP addresses,
 * bearer and API tokens, JWTs, credentials in URLs, query string values, secret-looking {@code key=value} pairs,
 * card-like numbers (Luhn-checked), Sentry's user tags and the assignee; plus the configured extra patterns.
 */
@ApplicationScoped
public class Scrubber {

    /** What every match is replaced with. */
    public static final String REDACTED = "[redacted]";

    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@?#]+@");
    private static final Pattern URL_QUERY = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^\\s?#\"'<>]*\\?)([^\\s#\"'<>]+)");
    private static final Pattern QUERY_PAIR = Pattern.compile("([^&=;]+)=([^&;]*)");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");
    private static final Pattern BEARER = Pattern.compile(
            "(?i)\\b(bearer|basic)\\s+(?=[A-Za-z._~+/=-]*\\d)[A-Za-z0-9._~+/=-]{12,}"); // a real token has a digit
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
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![\\d.]*\\d)");
    private static final Pattern IPV6 = Pattern.compile(
            "(?i)(?<![0-9a-f:])(?:[0-9a-f]{1,4}:){1,7}(?::|(?::[0-9a-f]{1,4}){1,7}|[0-9a-f]{1,4})(?![0-9a-f:])");
    private static final Pattern CARD = Pattern.compile("(?<!\\d)\\d(?:[ -]?\\d){12,18}(?!\\d)");
    private static final List<String> USER_TAGS = List.of("user", "sentry:user", "email", "ip", "ip_address",
            "client_ip", "username");

    private final List<Pattern> extra = new ArrayList<>();

    @Inject
    public Scrubber(TriageConfig config) {
        this(config.analyzer().scrubPatterns().orElse(List.of()));
    }

    /** A scrubber with {@code extraPatterns} on top of the built-in ones. */
    public Scrubber(List<String> extraPatterns) {
        extraPatterns.stream().filter(p -> !p.isBlank()).forEach(p -> extra.add(Pattern.compile(p)));
    }

    /** A copy of the context with nothing personal or secret left in it. */
    public IssueContext scrub(IssueContext c) {
        return new IssueContext(c.source(), c.resource(), c.action(), c.event(), c.issueId(), c.shortId(),
                scrub(c.title()), scrub(c.culprit()), c.level(), c.project(), scrub(c.environment()),
                scrub(c.release()), c.platform(), c.firstSeen(), c.lastSeen(), c.count(), c.userCount(),
                scrub(c.message()), scrub(c.exceptionType()), scrub(c.exceptionValue()), tags(c.tags()),
                frames(c.frames()), null, scrub(c.triggeredRule()), c.eventId(), null, c.mutedUntil());
    }

    /** The text with every secret and personal datum replaced by {@value #REDACTED}. */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = URL_USERINFO.matcher(text).replaceAll("$1" + REDACTED + "@");
        s = replace(URL_QUERY, s, m -> m.group(1) + QUERY_PAIR.matcher(m.group(2)).replaceAll("$1=" + REDACTED));
        s = JWT.matcher(s).replaceAll(REDACTED);
        s = BEARER.matcher(s).replaceAll("$1 " + REDACTED);
        s = API_KEYS.matcher(s).replaceAll(REDACTED);
        s = replace(SECRET_PAIR, s, m -> m.group(3).equals(REDACTED) ? m.group() : m.group(1) + m.group(2) + REDACTED);
        s = EMAIL.matcher(s).replaceAll(REDACTED);
        s = IPV4.matcher(s).replaceAll(REDACTED);
        s = replace(IPV6, s, m -> isIpv6(m.group()) ? REDACTED : m.group());
        s = replace(CARD, s, m -> luhn(m.group()) ? REDACTED : m.group());
        for (Pattern p : extra) {
            s = p.matcher(s).replaceAll(REDACTED);
        }
        return s;
    }

    private List<Tag> tags(List<Tag> tags) {
        if (tags == null) {
            return List.of();
        }
        return tags.stream().map(t -> isUserTag(t.key()) ? new Tag(t.key(), REDACTED) : new Tag(t.key(), scrub(t.value())))
                .toList();
    }

    private static boolean isUserTag(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return USER_TAGS.contains(k) || k.startsWith("user.") || k.startsWith("user_");
    }

    private List<Frame> frames(List<Frame> frames) {
        if (frames == null) {
            return List.of();
        }
        return frames.stream().map(f -> new Frame(scrub(f.filename()), scrub(f.function()), scrub(f.module()), f.lineno(),
                f.colno(), f.inApp(), scrub(f.contextLine()), lines(f.preContext()), lines(f.postContext()))).toList();
    }

    private List<String> lines(List<String> lines) {
        return lines == null ? List.of() : lines.stream().map(this::scrub).toList();
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

    // "a::b" in code is not an address: a real IPv6 address has a digit and at least two colons
    private static boolean isIpv6(String s) {
        return s.chars().anyMatch(Character::isDigit) && s.chars().filter(ch -> ch == ':').count() >= 2
                && !s.matches("\\d{1,2}:\\d{2}(:\\d{2})?"); // times of day
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
