package dev.sentrytriage.writeback;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentChanged;
import dev.sentrytriage.incident.IssueContext;
import dev.sentrytriage.incident.Via;
import dev.sentrytriage.infra.WorkSignal;
import dev.sentrytriage.infra.WorkSignals;

/**
 * Turns a status change made here (a Telegram button, the API, the board) into a write-back to the incident's Sentry
 * issue: it observes {@link IncidentChanged} in the changing transaction and writes the intent into
 * {@code sentry_sync}, so the change and its write-back commit together. One row per incident: a newer intent
 * replaces an older one not yet sent (latest intent wins). A change that came from Sentry is never written back.
 * Only incidents of Sentry issues (source {@code sentry}, numeric issue id) are written back, and only when
 * {@code triage.sentry.write-back} is on and an API token is set.
 */
@ApplicationScoped
public class SentryWriteBack {

    private static final Pattern NUMERIC = Pattern.compile("[0-9]{1,20}");
    private static final Pattern ORG_PATH = Pattern.compile("/organizations/([A-Za-z0-9_-]{1,100})/");
    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final String UPSERT = """
            insert into sentry_sync (incident_id, org, issue_id, target, ignore_minutes, state, intent, attempts,
                                     next_attempt_at, detail, requested_at, updated_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, 1, 0, ?7, ?8, ?7, ?7)
            on conflict (incident_id) do update set
                org = excluded.org, issue_id = excluded.issue_id, target = excluded.target,
                ignore_minutes = excluded.ignore_minutes, intent = sentry_sync.intent + 1, attempts = 0,
                next_attempt_at = excluded.next_attempt_at, detail = excluded.detail,
                requested_at = excluded.requested_at, updated_at = excluded.updated_at,
                -- a send in flight keeps its lease; its worker sees the new intent and queues it again
                state = case when sentry_sync.state = 'SENDING' and excluded.state = 'PENDING' then 'SENDING'
                             else excluded.state end""";

    private final EntityManager em;
    private final WorkSignals signals;
    private final Clock clock;
    private final TriageConfig.Sentry config;
    private final WorkSignal signal = new WorkSignal();

    public SentryWriteBack(EntityManager em, WorkSignals signals, Clock clock, TriageConfig config) {
        this.em = em;
        this.signals = signals;
        this.clock = clock;
        this.config = config.sentry();
    }

    /** Whether write-back is on: the switch and a token. */
    public boolean enabled() {
        return config.writeBack() && config.apiToken().filter(t -> !t.isBlank()).isPresent();
    }

    /** Rings when a write-back was stored: the write-back worker. */
    WorkSignal signal() {
        return signal;
    }

    /** A status change, in the transaction that made it. */
    void on(@Observes IncidentChanged changed) {
        if (changed.change() != IncidentChanged.Change.STATUS || !enabled() || !ours(changed.via())) {
            return;
        }
        Incident incident = em.find(Incident.class, changed.incidentId()); // the managed, changed instance
        if (incident == null || !IssueContext.SOURCE_ISSUE.equals(incident.source) || incident.issueId == null
                || !NUMERIC.matcher(incident.issueId).matches()) {
            return;
        }
        Intent intent = intent(incident, changed.at());
        if (intent == null) {
            return;
        }
        String org = org(incident.sentryUrl).or(() -> config.org().filter(o -> SLUG.matcher(o).matches()))
                .orElse(null);
        boolean known = org != null;
        em.createNativeQuery(UPSERT)
                .setParameter(1, incident.id).setParameter(2, known ? org : "")
                .setParameter(3, incident.issueId).setParameter(4, intent.target())
                .setParameter(5, intent.ignoreMinutes())
                .setParameter(6, known ? "PENDING" : "FAILED")
                .setParameter(7, Timestamp.from(changed.at()))
                .setParameter(8, known ? null : "no organization: set TRIAGE_SENTRY_ORG")
                .executeUpdate();
        if (known) {
            signals.afterCommit(signal);
        }
    }

    /** Made here by a person: Telegram, the API or the board. Never Sentry itself (no loops), nor another sender. */
    private static boolean ours(Via via) {
        return via == Via.TELEGRAM || via == Via.API || via == Via.UI;
    }

    /** What Sentry's issue should become for the incident's new status; null when Sentry has nothing like it. */
    private Intent intent(Incident incident, Instant now) {
        return switch (incident.status) {
            case RESOLVED -> new Intent("resolved", null);
            case OPEN -> new Intent("unresolved", null);
            case MUTED -> new Intent("ignored", config.muteAs() == TriageConfig.MuteAs.duration
                    ? minutes(incident.mutedUntil, now) : null);
            case ACKNOWLEDGED -> null; // Sentry has no "acknowledged": its issue stays as it is
        };
    }

    /** The mute's length in whole minutes, rounded up (Sentry counts minutes); null for a mute without end. */
    private static Integer minutes(Instant until, Instant now) {
        if (until == null) {
            return null;
        }
        long seconds = Math.max(60, Duration.between(now, until).toSeconds());
        return (int) Math.min(Integer.MAX_VALUE, (seconds + 59) / 60);
    }

    /**
     * The organization slug in the issue's web link: {@code /organizations/{org}/} (sentry.io's old links and
     * self-hosted) or {@code https://{org}.sentry.io/}.
     */
    static Optional<String> org(String sentryUrl) {
        if (sentryUrl == null) {
            return Optional.empty();
        }
        Matcher m = ORG_PATH.matcher(sentryUrl);
        if (m.find()) {
            return Optional.of(m.group(1));
        }
        try {
            String host = URI.create(sentryUrl).getHost();
            if (host != null) {
                host = host.toLowerCase(Locale.ROOT);
                if (host.endsWith(".sentry.io")) {
                    String sub = host.substring(0, host.length() - ".sentry.io".length());
                    if (SLUG.matcher(sub).matches() && !sub.equals("www")) {
                        return Optional.of(sub);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // not a URI: no organization in it
        }
        return Optional.empty();
    }

    private record Intent(String target, Integer ignoreMinutes) {
    }
}
