package dev.sentrytriage.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sentrytriage.incident.Risk;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The whole configuration of the service, under {@code triage.*}; every key can be set from the environment. */
@ConfigMapping(prefix = "triage")
public interface TriageConfig {

    /** Sentry webhook verification and links. */
    Sentry sentry();

    /** The webhook receiver. */
    Intake intake();

    /** Foundries CI (jobserv) build webhooks at {@code /webhooks/foundries}. */
    Foundries foundries();

    /** Opsani servo event webhooks at {@code /webhooks/servo}. */
    Servo servo();

    /** Prometheus Alertmanager webhooks at {@code /webhooks/alertmanager}. */
    Alertmanager alertmanager();

    /**
     * Sources that must work: any of foundries, servo, alertmanager, plus the names of generic Standard Webhooks
     * senders (each at {@code /webhooks/{name}} with {@code TRIAGE_SOURCE_<NAME>_SECRETS}). Production refuses to
     * start while one of them has no secret.
     */
    Optional<List<String>> sources();

    /** The generic Standard Webhooks sources by name ({@code TRIAGE_SOURCE_<NAME>_SECRETS}). */
    Map<String, GenericSource> source();

    /** The background worker that turns deliveries into incidents. */
    Worker worker();

    /** How Sentry levels and recurrence map to risk. */
    RiskRules risk();

    /** The analyzer that explains an incident. */
    Analyzer analyzer();

    /** Where summaries are sent. */
    Telegram telegram();

    /** The operator API under {@code /api}. */
    Api api();

    /** Floods of new issues in one project: one message for all of them. */
    Flood flood();

    /** Reminders of open incidents nobody acted on, and their escalation. */
    Remind remind();

    /** What is deleted when: delivery bodies, old deliveries, occurrences and notifications. */
    Retention retention();

    /** The incident board in the browser. */
    Ui ui();

    /**
     * Maintenance windows: recurring silences, comma-separated, each
     * {@code name:field=value;days=MON-FRI;start=01:00;duration=2h;tz=Europe/Berlin} (see README, "Reducing noise").
     */
    Optional<List<String>> maintenance();

    /** How long a replica keeps the silences it read; a silence made on another replica holds within this time. */
    @WithDefault("5s")
    Duration silenceRefresh();

    /** Public base URL of this service (e.g. {@code https://triage.example.com}), for links to the board. */
    Optional<URI> publicUrl();

    /**
     * How long shutdown waits for each background stage (inbox writers, delivery workers, analysis, Telegram sender)
     * to stop after interrupting it; work still in flight then is left to its lease and taken over later.
     */
    @WithDefault("2s")
    Duration stopTimeout();

    interface Sentry {
        /** Client secrets of the Sentry integration, current first; a delivery signed with any of them is accepted. */
        Optional<List<String>> secrets();

        /** Base web URL of Sentry, used to build an issue link when the payload carries none. */
        @WithDefault("https://sentry.io")
        URI webUrl();

        /** Base URL of Sentry's API, used to fetch an issue's latest event for analysis. */
        @WithDefault("https://sentry.io")
        URI apiUrl();

        /**
         * Sentry API token; when set, issue webhooks are enriched with their latest event (scope {@code event:read}),
         * and with {@code write-back} on, status changes are written back (scope {@code event:write}).
         */
        Optional<String> apiToken();

        /** Whether resolve, mute and reopen (Telegram, API, board) are written back to the Sentry issue. */
        @WithDefault("false")
        boolean writeBack();

        /** Organization slug for write-back when the issue's link names none (self-hosted, custom domains). */
        Optional<String> org();

        /** How a mute is written back: {@code duration} (ignored for the mute's minutes) or {@code escalating}. */
        @WithDefault("duration")
        MuteAs muteAs();

        /** Tries of one write-back (5xx, timeouts, 429) before it is marked dead. */
        @WithDefault("8")
        int writeBackAttempts();

        /** Wait before the first retry of a failed write-back; doubled on each further try. */
        @WithDefault("5s")
        Duration writeBackBackoff();

        /** Longest wait between two write-back tries, however often it failed. */
        @WithDefault("10m")
        Duration writeBackMaxBackoff();

        /** How long a claimed write-back stays reserved for the worker that claimed it. */
        @WithDefault("60s")
        Duration writeBackLease();
    }

    /** How a mute becomes a Sentry status. */
    enum MuteAs {
        /** {@code ignored} with {@code statusDetails.ignoreDuration}: the mute's length in minutes. */
        duration,
        /** {@code ignored}, archived until escalating: Sentry decides when it comes back. */
        escalating
    }

    interface GenericSource {
        /** The sender's signing keys ({@code whsec_} and base64), current first; any of them verifies. */
        Optional<List<String>> secrets();
    }

    interface Foundries {
        /** Webhook secrets of the factory (X-JobServ-Sig), current first; any of them verifies. */
        Optional<List<String>> secrets();
    }

    interface Servo {
        /** Webhook secrets of the servo (X-Servo-Signature), current first; any of them verifies. */
        Optional<List<String>> secrets();

        /** The servo's name: the project of its change events and incidents. */
        @WithDefault("servo")
        String name();

        /** Events that also open incidents, as {@code glob=level} (e.g. {@code after:adjust=warning,before:*=info}). */
        Optional<List<String>> incidentEvents();
    }

    interface Alertmanager {
        /** Tokens Alertmanager presents (Bearer credentials or the Basic password), current first. */
        Optional<List<String>> tokens();

        /** Labels whose first present value is an alert's project, in this order; else the receiver's name. */
        @WithDefault("service,job,namespace")
        List<String> projectLabels();
    }

    interface Intake {
        /** Largest accepted webhook body; larger ones are answered 413. */
        @WithDefault("1M")
        MemorySize maxBodySize();

        /** Most deliveries stored in one transaction (group commit of concurrent requests). */
        @WithDefault("64")
        int batchSize();

        /** Threads that store deliveries; each holds one database connection while it commits. */
        @WithDefault("2")
        int writers();

        /** Deliveries that may wait for a writer; past that a request is answered 503. */
        @WithDefault("10000")
        int queueLength();

        /** What a 503 answer advises in {@code Retry-After} when the database is unavailable. */
        @WithDefault("5s")
        Duration retryAfter();
    }

    interface Worker {
        /** How many deliveries one claim takes at most (applied in one transaction). */
        @WithDefault("250")
        int batchSize();

        /**
         * How long a worker thread waits after a batch that emptied the inbox before it claims again, so that the next
         * batch carries what arrived meanwhile instead of a handful; 0 claims again at once. A delivery into an idle
         * inbox is claimed at once: the wait follows a batch, never a wake-up.
         */
        @WithDefault("100ms")
        Duration gather();

        /**
         * How long one batch's transaction (claim, apply, mark done) may run before it is rolled back and its
         * deliveries are free again; also how long a delivery whose failure could not be recorded is held back.
         */
        @WithDefault("60s")
        Duration lease();

        /** How often the sweep looks for deliveries left behind (crash, retry due). */
        @WithDefault("5s")
        Duration sweepEvery();

        /** How many times a delivery is tried before it is marked failed. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the first retry of a failed delivery; doubled on each further attempt. */
        @WithDefault("10s")
        Duration retryBackoff();

        /** Whether this process runs the worker (its threads and the sweep); off in tests, which drive it directly. */
        @WithDefault("true")
        boolean enabled();

        /** How many threads process deliveries in this process. */
        @WithDefault("2")
        int threads();

        /** Age of the oldest unfinished delivery above which the readiness check reports the worker as behind. */
        @WithDefault("5m")
        Duration backlogThreshold();
    }

    interface RiskRules {
        /** Recurrence that raises an incident to at least HIGH. */
        Escalation escalate();

        /** Recurrence that marks an incident CRITICAL: a permanent fix is needed. */
        @WithName("permanent-fix")
        Escalation permanentFix();
    }

    interface Escalation {
        /** Occurrences in the last hour that trigger this step. */
        int lastHour();

        /** Occurrences in the last 24 hours that trigger this step. */
        int lastDay();

        /** Occurrences in the last 7 days that trigger this step. */
        int lastWeek();

        /** Regressions (fired again after being resolved) that trigger this step. */
        int regressions();
    }

    interface Analyzer {
        /** Which analyzer explains incidents. */
        @WithDefault("heuristic")
        AnalyzerKind kind();

        /** Endpoint of the analyzer (the server's base URL for {@code openai}, the full URL for {@code http}). */
        Optional<URI> url();

        /** API key sent as a bearer token. */
        Optional<String> apiKey();

        /** Model name for {@code openai}. */
        @WithDefault("gpt-4o-mini")
        String model();

        /** Upper bound of one analyzer call. */
        @WithDefault("20s")
        Duration timeout();

        /** How long the first message of an episode waits for its analysis before it is sent without one. */
        @WithDefault("30s")
        Duration messageWait();

        /** Upper bound of one call to Sentry's API for the issue's latest event (enrichment). */
        @WithDefault("5s")
        Duration enrichTimeout();

        /** Retries of one analyzer call after a 429 or a 5xx (never after 400, 401 or {@code insufficient_quota}). */
        @WithDefault("2")
        int maxRetries();

        /** Longest {@code Retry-After} waited for inline; a longer one moves the next try to a later pass. */
        @WithDefault("5s")
        Duration retryAfterCap();

        /** Consecutive failures (timeouts, I/O errors, 429, 5xx) that open the circuit breaker. */
        @WithDefault("5")
        int breakerFailures();

        /** How long an open circuit breaker refuses calls before one trial call is let through. */
        @WithDefault("60s")
        Duration breakerDelay();

        /** Analyzer calls in flight at once in this process. */
        @WithDefault("4")
        int maxConcurrency();

        /** Threads of this process that run analyses (when the worker is enabled). */
        @WithDefault("2")
        int threads();

        /** Later tries to upgrade a heuristic fallback to an AI analysis, per episode. */
        @WithDefault("3")
        int upgradeAttempts();

        /** Wait before the first upgrade try; doubled on each further one. */
        @WithDefault("2m")
        Duration upgradeBackoff();

        /**
         * AI analyzer calls started per minute over all replicas; beyond it the heuristic answers first and the AI
         * upgrades later, highest risk first. 0: no budget.
         */
        @WithDefault("30")
        int maxPerMinute();

        /** Extra regular expressions replaced by {@code [redacted]} before anything is sent out (a comma in one: {@code \,}). */
        Optional<List<String>> scrubPatterns();

        /**
         * Whether Seer's (Sentry's AI) root cause and solution, when they arrive, stay the episode's analysis: a pending
         * AI analysis is skipped and a later AI answer does not replace them. False: the AI's answer wins.
         */
        @WithDefault("true")
        boolean preferSeer();
    }

    /** The analyzers that can be configured. */
    enum AnalyzerKind {
        heuristic,
        openai,
        http
    }

    interface Telegram {
        /** Bot token from BotFather; without it messages are written to the log. */
        Optional<String> botToken();

        /** Default chat that receives summaries. */
        Optional<String> chatId();

        /** Forum topic ({@code message_thread_id}) in that chat. */
        Optional<Integer> threadId();

        /** Bot API base URL. */
        @WithDefault("https://api.telegram.org")
        URI apiUrl();

        /** Secret token Telegram must send on {@code /webhooks/telegram}. */
        Optional<String> webhookSecret();

        /** Chats other than the default one, chosen by project and minimum risk; the first match wins. */
        Optional<List<Route>> routes();

        /** Chats whose button presses are accepted; when unset, the default chat and the routes' chats. */
        Optional<List<String>> allowedChats();

        /** Telegram user ids whose button presses are accepted; when unset, anyone in an allowed chat. */
        Optional<List<Long>> allowedUsers();

        /** Least time between two messages (sends or edits) to one private chat; Telegram allows about one a second. */
        @WithDefault("1s")
        Duration perChatInterval();

        /**
         * Least time between two messages to a group, supergroup or channel (a negative chat id or an {@code @name});
         * Telegram allows about 20 a minute. Shared by the replicas through the database, like the private-chat pace.
         */
        @WithDefault("3s")
        Duration groupInterval();

        /** Messages of incidents below this risk arrive without a sound ({@code disable_notification}). */
        @WithDefault("HIGH")
        Risk notifyMinRisk();

        /** Whether start-up asks Telegram about every configured chat (getChat) and logs what it answered. */
        @WithDefault("true")
        boolean startupCheck();

        /** Most Bot API calls a second from this process over all chats; Telegram allows about 30. */
        @WithDefault("25")
        int globalPerSecond();

        /** Least time between two edits of one message: an alert storm becomes one message with rising counts. */
        @WithDefault("3s")
        Duration editInterval();

        /**
         * How many times a notification is tried (5xx, timeouts, 429) before it is marked dead. With the default
         * backoff, 10 tries span about 13 minutes of Telegram outage.
         */
        @WithDefault("10")
        int maxAttempts();

        /** Wait before the first retry after a 5xx or timeout; doubled on each further attempt. */
        @WithDefault("2s")
        Duration retryBackoff();

        /** Longest wait between two retries, however often it failed. */
        @WithDefault("5m")
        Duration maxBackoff();

        /** How long a claimed notification stays reserved for the sender that claimed it. */
        @WithDefault("60s")
        Duration lease();

        /** How many incidents one claim takes at most. */
        @WithDefault("20")
        int batchSize();

        /** How often the sender sweep looks for due notifications (retries, edits held back by the interval). */
        @WithDefault("2s")
        Duration sweepEvery();

        /**
         * Whether message text from the payload and the analysis is scrubbed like the analyzer's input (e-mail and IP
         * addresses, tokens, card numbers, the extra patterns) before it is sent or logged.
         */
        @WithDefault("true")
        boolean scrub();

        /** How long the mute button mutes an incident; its label names it ("Mute 4h"). */
        @WithDefault("24h")
        Duration muteFor();

        /** Chat that gets incidents nobody acted on after the reminders (or CRITICAL ones at once, if so set). */
        Optional<String> escalationChatId();

        /**
         * One routing rule: incidents that match every matcher set (project, minimum risk, environments, levels,
         * sources, title and culprit patterns) go to its chat; a route with none set takes everything (a catch-all).
         */
        interface Route {
            /** Name shown as {@code route} in the API; {@code routes[n]} when unset. */
            Optional<String> name();

            /** Sentry project slug this route is for; unset matches every project. */
            Optional<String> project();

            /** Environments this route takes (e.g. {@code production}); unset takes every environment. */
            Optional<List<String>> environments();

            /** Levels this route takes (e.g. {@code error,fatal}, case-insensitive); unset takes every level. */
            Optional<List<String>> levels();

            /** Sources this route takes (e.g. {@code sentry,alertmanager}); unset takes every source. */
            Optional<List<String>> sources();

            /** RE2 pattern the whole title must match; unset takes every title. */
            Optional<String> title();

            /** RE2 pattern the whole culprit must match; unset takes every culprit. */
            Optional<String> culprit();

            /** Lowest risk this route takes; unset takes every risk. */
            Optional<Risk> minRisk();

            /** Chat that receives the matching incidents. */
            String chatId();

            /** Forum topic in that chat; unset uses {@code triage.telegram.thread-id}. */
            Optional<Integer> threadId();
        }
    }

    interface Remind {
        /** Whether open incidents get reminders (and escalations) at all. */
        @WithDefault("true")
        boolean enabled();

        /** Lowest risk of an open incident that gets reminders. */
        @WithDefault("HIGH")
        Risk minRisk();

        /** Time from the episode's start (then from the last reminder) to the next reminder, below CRITICAL. */
        @WithDefault("2h")
        Duration after();

        /** The same for a CRITICAL incident. */
        @WithDefault("30m")
        Duration afterCritical();

        /** Reminders per episode; after the last one the incident goes to the escalation chat (when one is set). */
        @WithDefault("3")
        int max();

        /** Whether a CRITICAL incident goes to the escalation chat at once, before its reminders. */
        @WithDefault("false")
        boolean escalateCriticalAtOnce();

        /** How often due reminders are looked for (a reminder is at most this late, plus the chat's pace). */
        @WithDefault("15s")
        Duration sweepEvery();

        /** Most reminders written by one claim (one transaction). */
        @WithDefault("200")
        int batchSize();
    }

    interface Api {
        /** Bearer token for {@code /api/*}; without it the API refuses everything. */
        Optional<String> token();
    }

    interface Flood {
        /** New incidents of one project within the window above which they get one flood message; 0: off. */
        @WithDefault("10")
        int threshold();

        /** The window of the threshold, and how long a flood must be quiet before it is over. */
        @WithDefault("2m")
        Duration window();
    }

    interface Retention {
        /** Whether the retention job runs (on replicas whose worker runs). */
        @WithDefault("true")
        boolean enabled();

        /** How often the retention job runs. */
        @WithDefault("1h")
        Duration every();

        /** Rows changed by one statement, each statement its own short transaction. */
        @WithDefault("1000")
        int batchSize();

        /** Pause between two statements, so a large backlog is worked off without taking a core from intake. */
        @WithDefault("20ms")
        Duration pause();

        /**
         * Largest share of a pass's time spent in statements (0..1): after a batch that took t, the pass pauses at
         * least t × (1 − share) / share, so retention slows down when the database is busy; 1 turns this off.
         */
        @WithDefault("0.2")
        double busyShare();

        /** Age after which the body of a processed (DONE, IGNORED) delivery is dropped; 0 keeps bodies. */
        @WithDefault("30d")
        Duration bodies();

        /** Age after which the body of a REJECTED or FAILED delivery is dropped; 0 keeps them. */
        @WithDefault("30d")
        Duration rejectedBodies();

        /** Age after which a finished delivery row and its digest (duplicate protection) are deleted; 0 keeps them. */
        @WithDefault("90d")
        Duration deliveries();

        /** Age after which an occurrence is deleted; at least the 7 days the counts use; 0 keeps them. */
        @WithDefault("8d")
        Duration occurrences();

        /** Age after which a finished notification (and an applied Telegram update id) is deleted; 0 keeps them. */
        @WithDefault("90d")
        Duration notifications();
    }

    interface Ui {
        /** Password of the board; when unset the API token serves, and without either there is no board. */
        Optional<String> password();

        /** How long a board sign-in lasts. */
        @WithDefault("12h")
        Duration session();
    }
}
