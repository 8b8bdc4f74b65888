package dev.sentrytriage.analysis;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.re2j.Pattern;

import dev.sentrytriage.incident.Frame;
import dev.sentrytriage.incident.IssueContext;

/**
 * The built-in analyzer: rules over the exception type, message, culprit and platform that name the usual cause of a
 * well-known failure and the usual fix, with a modest confidence; an honest generic answer otherwise. It is the
 * default, and the fallback whenever the AI fails.
 */
@ApplicationScoped
public class HeuristicAnalyzer {

    /** What {@code analyzed_by} says for an answer of this analyzer. */
    public static final String NAME = "heuristic";

    static final double GENERIC_CONFIDENCE = 0.1;

    record Rule(String name, Pattern pattern, String rootCause, String fix, String prevention, double confidence) {
    }

    // Order matters: the first rule that matches answers (a lock wait timeout is a lock problem before a timeout).
    static final List<Rule> RULES = List.of(
            rule("deadlock", "deadlock|lock wait timeout|could not serialize access|40P01|40001|LockAcquisitionException"
                    + "|CannotAcquireLock|serialization failure",
                    "Two transactions waited on each other's row locks (deadlock or lock contention); the database "
                            + "aborted one of them.",
                    "Retry the aborted transaction, take locks in one fixed order, keep transactions short and move "
                            + "slow work (HTTP calls, files) outside them.",
                    "Add a retry on serialization failures and deadlocks; alert on lock waits in database metrics.",
                    0.5),
            rule("constraint", "duplicate key|unique constraint|UNIQUE constraint failed|IntegrityError|ConstraintViolation"
                    + "|violates (?:foreign key|not-null|check) constraint|Duplicate entry|23505|23503|23502",
                    "A write broke a database constraint: a duplicate of a unique key, a missing referenced row or a "
                            + "required value left empty. Often two requests creating the same record at once, or a "
                            + "retry of a write that had already succeeded.",
                    "Make the write idempotent (insert ... on conflict, or look up before insert inside the "
                            + "transaction) and validate required fields before writing.",
                    "Test concurrent and repeated submissions; use idempotency keys on create endpoints.",
                    0.45),
            rule("null", "NullPointerException|NullReferenceException|nil pointer dereference|invalid memory address"
                    + "|'NoneType' object (?:has no attribute|is not subscriptable|is not callable)"
                    + "|Cannot read propert(?:y|ies) of (?:null|undefined)|undefined method .* for nil"
                    + "|null is not an object|Cannot (?:set|destructure) propert(?:y|ies) of (?:null|undefined)"
                    + "|Attempt to invoke .* on a null object|KotlinNullPointerException",
                    "A value was null (or undefined) where the code expected an object: a lookup that found "
                            + "nothing, an optional field missing from input, or data not loaded yet.",
                    "Find where the value comes from in the top in-app frame; handle the missing case explicitly "
                            + "(guard, default value or a clear error) instead of dereferencing it.",
                    "Validate input at the boundary; use non-null types or Optional, and add a test for the missing case.",
                    0.45),
            rule("undefined", "is not defined|NameError|AttributeError|has no attribute|is not a function"
                    + "|undefined (?:index|variable|property|method|local variable)|Undefined (?:index|offset|property)"
                    + "|NoMethodError|NoSuchMethodError|NoSuchFieldError|KeyError|ImportError|ModuleNotFoundError"
                    + "|Cannot find module|ClassNotFoundException|NoClassDefFoundError",
                    "The code refers to a name, property, key or module that does not exist at run time: a typo, "
                            + "a renamed field, a missing import or dependency, or data of another shape than assumed.",
                    "Check the name in the top in-app frame against the current code and the data's real shape; "
                            + "fix the reference or the missing dependency and redeploy.",
                    "Run a linter or type checker in CI and cover the failing path with a test.",
                    0.4),
            rule("oom", "OutOfMemoryError|MemoryError|out of memory|Allocation failed|heap out of memory|ENOMEM"
                    + "|Cannot allocate memory|OOMKilled|GC overhead limit exceeded|Metaspace",
                    "The process ran out of memory: a leak, a too large result loaded at once, or a memory limit "
                            + "below what the workload needs.",
                    "Look for unbounded collections, caches and whole-table or whole-file loads; stream or page "
                            + "them; raise the memory limit only once the growth is understood.",
                    "Alert on memory use and garbage collection time; load-test with production-sized data.",
                    0.45),
            rule("disk", "No space left on device|ENOSPC|disk full|Disk quota exceeded|EDQUOT|could not extend file",
                    "A disk or volume is full, so writes fail.",
                    "Free space (logs, temporary files, old data), then find what filled it and add rotation or "
                            + "retention; extend the volume if the growth is legitimate.",
                    "Alert on free disk space well before it runs out; rotate logs and expire temporary files.",
                    0.5),
            rule("rate-limit", "\\b429\\b|Too Many Requests|rate.?limit|RateLimit|throttl|quota exceeded|SlowDown",
                    "An upstream service answered 429 Too Many Requests: this service sends it more requests than "
                            + "its rate limit allows.",
                    "Honour the upstream's Retry-After with backoff and jitter, batch or cache calls, and lower the "
                            + "concurrency towards it.",
                    "Track request rates per upstream; ask for a higher quota if the traffic is expected.",
                    0.45),
            rule("auth", "\\b401\\b|\\b403\\b|Unauthori[sz]ed|Forbidden|authentication failed|invalid (?:token|credentials"
                    + "|api key|signature)|token (?:has )?expired|access denied|permission denied|AccessDenied"
                    + "|AuthenticationException|password authentication failed|InvalidSignature|NotAuthorized",
                    "A call was refused for authentication or authorization: an expired or rotated credential, a "
                            + "missing permission, or a token sent to the wrong environment.",
                    "Check the credential this code path uses (expiry, rotation, scope) and the permissions of "
                            + "the account; renew or reconfigure it.",
                    "Alert before credentials expire; keep secrets in one managed place and test them at startup.",
                    0.4),
            rule("timeout", "Timeout|timed out|time out|deadline exceeded|ETIMEDOUT|ESOCKETTIMEDOUT|\\b504\\b"
                    + "|Gateway Time-out|statement timeout|canceling statement due to statement timeout",
                    "An operation took longer than its timeout: a slow or overloaded dependency (database query, "
                            + "HTTP service), a network problem, or a timeout set too low for the work.",
                    "Find which call timed out in the top frames; check that dependency's latency and load, add "
                            + "an index or paging for slow queries, and retry idempotent calls with backoff.",
                    "Set explicit timeouts on every outbound call, add a circuit breaker, and alert on dependency latency.",
                    0.4),
            rule("connection", "Connection refused|ECONNREFUSED|ConnectException|Connection reset|ECONNRESET"
                    + "|No route to host|EHOSTUNREACH|UnknownHostException|ENOTFOUND|getaddrinfo|Name or service not known"
                    + "|Temporary failure in name resolution|Broken pipe|EPIPE|Network is unreachable|socket hang up"
                    + "|\\b50[23]\\b|Bad Gateway|Service Unavailable|Failed to fetch|NetworkError|Network request failed",
                    "A dependency could not be reached: it is down or restarting, the host name or port is wrong, "
                            + "or the network or a firewall blocks the connection.",
                    "Check the dependency's health and the configured host and port for this environment; retry "
                            + "with backoff while it recovers.",
                    "Health-check dependencies, retry transient connection errors, and alert on the dependency itself.",
                    0.4),
            rule("tls", "SSLHandshakeException|CERTIFICATE_VERIFY_FAILED|certificate (?:has )?expired|unable to verify"
                    + "|self.signed certificate|PKIX path building failed|x509",
                    "A TLS connection failed: an expired, self-signed or untrusted certificate, or a missing CA.",
                    "Check the peer's certificate chain and expiry and this runtime's trust store.",
                    "Monitor certificate expiry; automate renewal.", 0.45),
            rule("parse", "JSONDecodeError|JsonParseException|JsonProcessingException|Unexpected token .* in JSON"
                    + "|Unexpected end of JSON|is not valid JSON|SyntaxError: JSON|MismatchedInputException"
                    + "|NumberFormatException|invalid literal for int|ParseException|DateTimeParseException",
                    "Input could not be parsed: a response or payload that is not the expected format (an HTML "
                            + "error page instead of JSON, an empty body, a changed field type).",
                    "Log the status and content type of what was parsed (not the body); handle non-success answers "
                            + "before parsing and validate the expected shape.",
                    "Contract-test the producer; parse defensively at boundaries.", 0.4),
            rule("index", "IndexError|IndexOutOfBounds|ArrayIndexOutOfBounds|StringIndexOutOfBounds|index out of range"
                    + "|out of bounds|RangeError|NoSuchElementException|StopIteration",
                    "Code read past the end of a collection or an empty one: an assumption about its size that "
                            + "the data broke.",
                    "Check the size before indexing in the top in-app frame and handle the empty case.",
                    "Add tests with empty and one-element inputs.", 0.4),
            rule("recursion", "StackOverflowError|Maximum call stack size exceeded|RecursionError|stack overflow",
                    "Unbounded recursion: a function calls itself (or a cycle of functions) without reaching its "
                            + "end, often through cyclic data or mutual references.",
                    "Find the repeating frames in the stack trace and add the missing end condition or cycle check.",
                    "Guard recursive walks over user data with a depth limit.", 0.45),
            rule("chunk", "ChunkLoadError|Loading chunk .* failed|Loading CSS chunk|Failed to fetch dynamically imported module",
                    "The browser asked for a code chunk of an older deployment that no longer exists (the page was "
                            + "open across a release) or a CDN failed to serve it.",
                    "Keep the previous release's assets available for a while after deploying, and reload the page "
                            + "once on a chunk load error.",
                    "Deploy assets before the HTML that references them; keep old hashed assets.", 0.45),
            rule("division", "ZeroDivisionError|division by zero|divide by zero|ArithmeticException",
                    "A division by zero: a count or total that can be zero was used as a divisor.",
                    "Handle the zero case before dividing.", "Add a test with empty input.", 0.45));

    private static Rule rule(String name, String regex, String cause, String fix, String prevention, double confidence) {
        return new Rule(name, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), cause, fix, prevention, confidence);
    }

    /** The heuristic answer for the context. */
    public Analysis analyze(IssueContext ctx) {
        return analyze(ctx, NAME);
    }

    /** The heuristic answer, said to come from {@code analyzedBy}. */
    public Analysis analyze(IssueContext ctx, String analyzedBy) {
        String impact = impact(ctx);
        if (IssueContext.SOURCE_METRIC_ALERT.equals(ctx.source())) {
            return Analysis.of("Metric alert \"" + orElse(ctx.triggeredRule(), ctx.title()) + "\" crossed its threshold"
                    + (ctx.message() != null ? ": " + ctx.message() : "") + ". A metric alert says what changed, not why.",
                    impact, "Open the alert in Sentry, look at the issues and releases from the same time window and "
                            + "check recent deployments and dependency health.",
                    "Tune the threshold if this was noise; otherwise link the alert to the issue that caused it.",
                    GENERIC_CONFIDENCE, analyzedBy);
        }
        String text = String.join("\n", orElse(ctx.exceptionType(), ""), orElse(ctx.exceptionValue(), ""),
                orElse(ctx.message(), ""), orElse(ctx.title(), ""), orElse(ctx.culprit(), ""));
        String where = where(ctx);
        for (Rule r : RULES) {
            if (r.pattern().matcher(text).find()) {
                return Analysis.of(r.rootCause() + where, impact, r.fix(), r.prevention(), r.confidence(), analyzedBy);
            }
        }
        String what = orElse(ctx.exceptionType() != null && ctx.exceptionValue() != null
                ? ctx.exceptionType() + ": " + ctx.exceptionValue() : null, ctx.title());
        return Analysis.of("No known failure pattern matches \"" + what + "\"; the cause needs a look at the code." + where,
                impact, "Reproduce with the event's tags and release, read the top in-app frame and the lines around it, "
                        + "and compare with the last change to that code.",
                "Add a test for this case once the cause is known.", GENERIC_CONFIDENCE, analyzedBy);
    }

    private static String where(IssueContext ctx) {
        if (ctx.hasFrames()) {
            Frame top = ctx.frames().get(0);
            return " It surfaced in " + top.location() + (top.inApp() ? "" : " (not in-app code)") + ".";
        }
        return ctx.culprit() != null ? " Culprit: " + ctx.culprit() + "." : "";
    }

    private static String impact(IssueContext ctx) {
        StringBuilder sb = new StringBuilder();
        sb.append(ctx.level() != null ? "Level " + ctx.level() : "Unknown level");
        if (ctx.count() != null) {
            sb.append(", ").append(ctx.count()).append(ctx.count() == 1 ? " event" : " events");
        }
        if (ctx.userCount() != null) {
            sb.append(", ").append(ctx.userCount()).append(ctx.userCount() == 1 ? " user affected" : " users affected");
        }
        if (ctx.environment() != null) {
            sb.append(" in ").append(ctx.environment());
        }
        if (ctx.release() != null) {
            sb.append(" (release ").append(ctx.release()).append(')');
        }
        if (ctx.platform() != null) {
            sb.append("; platform ").append(ctx.platform());
        }
        return sb.append('.').toString();
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
