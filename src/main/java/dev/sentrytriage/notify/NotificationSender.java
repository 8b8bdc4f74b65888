package dev.sentrytriage.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.infra.Backoff;
import dev.sentrytriage.infra.SignalledLoop;
import dev.sentrytriage.infra.WorkSignals;
import dev.sentrytriage.notify.ChatRouter.Destination;
import dev.sentrytriage.notify.NotificationClaims.Batch;
import dev.sentrytriage.notify.TelegramMessages.Head;
import dev.sentrytriage.notify.TelegramMessages.Snapshot;
import dev.sentrytriage.text.LogSafe;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Turns due outbox rows into Telegram messages: one message per incident episode, later rows edit it (at most once
 * per edit interval), several due rows of one incident become one call showing the incident as it is now. Waits
 * (pacing, 429, backoff) are written as {@code next_attempt_at}, never slept. Without a bot token the message goes
 * to the log. Background threads wake on {@link WorkSignals#notifications()}; tests call {@link #pass()} directly.
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class);
    private static final int MAX_ROUNDS = 50;
    /** Log mode remembers this many incidents before forgetting those whose interval is over. */
    private static final int MAX_LOGGED_REMEMBERED = 10_000;

    private final NotificationClaims claims;
    private final TelegramMessages messages;
    private final MessageRenderer renderer;
    private final TelegramClient telegram;
    private final ChatRouter router;
    private final Pacer pacer;
    private final Clock clock;
    private final TriageConfig.Telegram config;
    private final boolean enabled;
    private final SignalledLoop loop;
    private final Duration stopTimeout;
    private final AtomicReference<Instant> earliestDeferred = new AtomicReference<>();
    private final Map<Long, Instant> loggedAt = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final FloodSender floods;
    private final SilenceHold silences;
    private final StandaloneMessages standalone;

    public NotificationSender(NotificationClaims claims, TelegramMessages messages, MessageRenderer renderer,
            TelegramClient telegram, ChatRouter router, Pacer pacer, Clock clock, WorkSignals signals,
            TriageConfig config, MeterRegistry meters, FloodSender floods, SilenceHold silences,
            StandaloneMessages standalone) {
        this.standalone = standalone;
        this.meters = meters;
        this.floods = floods;
        this.silences = silences;
        this.claims = claims;
        this.messages = messages;
        this.renderer = renderer;
        this.telegram = telegram;
        this.router = router;
        this.pacer = pacer;
        this.clock = clock;
        this.config = config.telegram();
        this.stopTimeout = config.stopTimeout();
        this.enabled = config.worker().enabled();
        this.loop = new SignalledLoop("telegram-sender", signals.notifications(), this.config.sweepEvery(), this::pass, this::untilNextDue);
    }

    void start(@Observes StartupEvent event) {
        if (!telegram.configured()) {
            LOG.info("No Telegram bot token (TRIAGE_TELEGRAM_BOT_TOKEN): messages are written to the log instead");
        } else if (config.chatId().isEmpty()) {
            LOG.warn("TRIAGE_TELEGRAM_BOT_TOKEN is set but TRIAGE_TELEGRAM_CHAT_ID is not: unrouted messages go to the log");
        }
        if (telegram.configured() && config.webhookSecret().isEmpty()) {
            LOG.warn("No TRIAGE_TELEGRAM_WEBHOOK_SECRET: button presses on /webhooks/telegram are all refused");
        }
        if (enabled) {
            loop.start(1);
        }
    }

    /** Stops the sender; a call to Telegram in flight is cancelled and its notification left to its lease. */
    void stop(@Observes ShutdownEvent event) {
        loop.stop(stopTimeout);
    }

    /**
     * How long until the earliest attempt this sender put off in its last passes (paced chat, edit interval, 429,
     * backoff), so a paced message goes out when its chat is free instead of at the next sweep.
     */
    Duration untilNextDue() {
        Instant now = clock.instant();
        Instant next = earliestDeferred.updateAndGet(t -> t != null && t.isAfter(now) ? t : null);
        return next == null ? config.sweepEvery() : Duration.between(now, next);
    }

    /** Puts the batch back until {@code until} (no attempt counted) and wakes this sender then; false: nothing sent. */
    private boolean putOff(Batch batch, Instant until) {
        claims.retryAt(batch, until, false, null);
        deferred(until);
        return false;
    }

    /** Remembers the earliest future time something was put off until (a time already past is replaced). */
    private void deferred(Instant at) {
        Instant now = clock.instant();
        earliestDeferred.accumulateAndGet(at, (a, b) -> a == null || !a.isAfter(now) || b.isBefore(a) ? b : a);
    }

    /** Claims and handles every due notification; returns how many incidents got a message, an edit or a log line. */
    public int pass() {
        int delivered = floods.pass();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Batch> batches = claims.claim();
            if (batches.isEmpty()) {
                break;
            }
            for (Batch batch : batches) {
                if (deliver(batch)) {
                    delivered++;
                }
            }
        }
        return delivered;
    }

    /**
     * Everything that can put the batch off (silence, edit interval, the chat's pace) is decided on the incident and
     * its current message alone; the counts and changes are read, and the message rendered, only for a message that
     * goes out now.
     */
    private boolean deliver(Batch batch) {
        Instant now = clock.instant();
        try {
            Head head = messages.head(batch.incidentId());
            if (head == null) {
                return false; // the incident was deleted, and its rows with it
            }
            Optional<Instant> held = silences.held(batch, head.incident(), now);
            if (held.isPresent()) {
                deferred(held.get());
                return false;
            }
            if (batch.newest().kind().standalone()) {
                return standalone(batch, messages.snapshot(head, now), now);
            }
            Map<String, String> migrations = messages.migrations();
            Destination destination = router.route(head.incident(), migrations);
            if (!telegram.configured() || destination.chatId() == null) {
                return logInstead(batch, head, now);
            }
            boolean edit = !batch.startsEpisode() && head.current() != null;
            if (edit) {
                Instant editable = head.current().lastEditAt().plus(config.editInterval());
                if (editable.isAfter(now)) {
                    return putOff(batch, editable);
                }
            }
            String chat = edit ? follow(head.current().chatId(), migrations) : destination.chatId();
            Instant free = pacer.reserve(chat, now);
            if (free.isAfter(now)) {
                return putOff(batch, free);
            }
            Snapshot snap = messages.snapshot(head, now);
            RenderedMessage message = render(snap);
            boolean quiet = QuietDelivery.quiet(snap.incident().risk, config.notifyMinRisk());
            return edit ? edit(batch, snap, message, destination, chat, now)
                    : send(batch, message, destination.chatId(), destination.threadId(), now, true, quiet);
        } catch (RuntimeException e) {
            // database trouble while handling: the lease expires and the batch is claimed again
            LOG.warnf("incident %d: notification not handled, retried after the lease: %s", batch.incidentId(),
                    LogSafe.error(e));
            return false;
        }
    }

    private RenderedMessage render(Snapshot snap) {
        return renderer.render(snap.incident(), snap.recurrence(), snap.changes());
    }

    /** A reminder or an escalation: a new message of its own ({@link StandaloneMessages}), paced like the rest. */
    private boolean standalone(Batch batch, Snapshot snap, Instant now) {
        StandaloneMessages.Plan plan = standalone.plan(batch.newest().kind(), snap, messages.migrations(), now);
        if (plan == null) {
            claims.finish(batch, NotificationStatus.MERGED, null, null, null); // acted on meanwhile
            return false;
        }
        if (!telegram.configured() || plan.chatId() == null) {
            LOG.infof("Telegram not configured; would send for incident %d (%s):%n%s", batch.incidentId(),
                    batch.newest().kind(), plan.message().plain());
            claims.finish(batch, NotificationStatus.LOGGED, null, null, null);
            count("logged");
            return true;
        }
        Instant free = pacer.reserve(plan.chatId(), now);
        if (free.isAfter(now)) {
            return putOff(batch, free);
        }
        return send(batch, plan.message(), plan.chatId(), plan.threadId(), plan.replyTo(), now, true, false);
    }

    /**
     * Without Telegram the message goes to the log, at the pace Telegram would get it: an update of an incident is
     * held back to one per edit interval (a storm logs one line every few seconds, not one per event). The times
     * are kept in memory: after a restart at most one update comes early.
     */
    private boolean logInstead(Batch batch, Head head, Instant now) {
        Instant last = loggedAt.get(batch.incidentId());
        if (!batch.startsEpisode() && last != null && last.plus(config.editInterval()).isAfter(now)) {
            Instant editable = last.plus(config.editInterval());
            return putOff(batch, editable);
        }
        RenderedMessage message = render(messages.snapshot(head, now));
        LOG.infof("Telegram not configured; would send for incident %d (%s):%n%s", batch.incidentId(),
                batch.newest().kind(), message.plain());
        claims.finish(batch, NotificationStatus.LOGGED, null, null, null);
        if (loggedAt.size() >= MAX_LOGGED_REMEMBERED) {
            loggedAt.values().removeIf(at -> at.plus(config.editInterval()).isBefore(now));
        }
        loggedAt.put(batch.incidentId(), now);
        count("logged");
        return true;
    }

    private boolean send(Batch batch, RenderedMessage message, String chat, Integer threadId, Instant now,
            boolean mayMigrate, boolean quiet) {
        return send(batch, message, chat, threadId, null, now, mayMigrate, quiet);
    }

    /** Sends a new message, as a reply to {@code replyTo} when not null (a reminder replies to the episode's message). */
    private boolean send(Batch batch, RenderedMessage message, String chat, Integer threadId, Long replyTo,
            Instant now, boolean mayMigrate, boolean quiet) {
        TelegramResult result = telegram.send(chat, threadId, replyTo, message, true, quiet);
        if (result.cannotParseEntities()) {
            LOG.warnf("incident %d: Telegram refused the HTML (%s); sent as plain text", batch.incidentId(),
                    LogSafe.value(result.description()));
            result = telegram.send(chat, threadId, replyTo, message, false, quiet);
        }
        if (result.migrateToChatId() != null && mayMigrate) {
            String moved = migrate(chat, result.migrateToChatId(), now);
            return send(batch, message, moved, threadId, replyTo, now, false, quiet);
        }
        Destination fallback = router.fallback(chat);
        if (result.chatUnavailable() && fallback != null) {
            // a route's chat that does not exist or threw the bot out: the default chat gets it, with a note
            LOG.warnf("incident %d: Telegram refused chat %s (%s); sent to the default chat instead",
                    batch.incidentId(), LogSafe.value(chat), LogSafe.value(result.reason()));
            count("fallback");
            RenderedMessage noted = QuietDelivery.withNote(message,
                    "Meant for chat " + chat + ", which Telegram refused (" + result.reason() + ").");
            return send(batch, noted, fallback.chatId(), fallback.threadId(), null, now, false, quiet);
        }
        if (result.ok() && result.messageId() != null) {
            if (!batch.newest().kind().standalone()) { // a reminder or escalation never becomes the episode's message
                messages.sent(batch.incidentId(), chat, threadId, result.messageId(), batch.newest().id(), now);
            }
            claims.finish(batch, NotificationStatus.SENT, chat, result.messageId(), null);
            count("sent");
            return true;
        }
        if (result.ok()) {
            result = new TelegramResult(false, 502, "answer without a message_id", null, null, null);
        }
        return failed(batch, chat, result, now);
    }

    private boolean edit(Batch batch, Snapshot snap, RenderedMessage message, Destination destination, String chat,
            Instant now) {
        long messageId = snap.current().messageId();
        TelegramResult result = telegram.edit(chat, messageId, message, true);
        if (result.cannotParseEntities()) {
            LOG.warnf("incident %d: Telegram refused the HTML (%s); edited as plain text", batch.incidentId(),
                    LogSafe.value(result.description()));
            result = telegram.edit(chat, messageId, message, false);
        }
        if (result.ok() || result.notModified()) {
            messages.edited(batch.incidentId(), now);
            claims.finish(batch, NotificationStatus.SENT, chat, messageId, null);
            count("edited");
            return true;
        }
        if (result.migrateToChatId() != null || result.messageGone()) {
            // the old message cannot be edited any more: the episode continues in a new message
            String target = result.migrateToChatId() != null ? migrate(chat, result.migrateToChatId(), now)
                    : destination.chatId();
            return send(batch, message, target, destination.threadId(), now, result.migrateToChatId() == null,
                    QuietDelivery.quiet(snap.incident().risk, config.notifyMinRisk()));
        }
        return failed(batch, chat, result, now);
    }

    private boolean failed(Batch batch, String chat, TelegramResult result, Instant now) {
        if (loop.stopping()) {
            return false; // most likely the shutdown's interrupt: no attempt is counted, the lease runs out
        }
        String reason = result.reason();
        boolean exhausted = batch.attempts() >= config.maxAttempts();
        if (result.rateLimited()) {
            Instant at = now.plusSeconds(Math.max(1, result.retryAfter() == null ? 1 : result.retryAfter()));
            pacer.block(chat, at);
            if (!exhausted) {
                LOG.infof("incident %d: Telegram rate limit, next try at %s", batch.incidentId(), at);
                claims.retryAt(batch, at, true, reason);
                deferred(at);
                count("rate_limited");
                return false;
            }
        } else if (result.transientFailure() && !exhausted) {
            Instant at = now.plus(backoff(batch.attempts()));
            LOG.warnf("incident %d: Telegram failed (%s), attempt %d of %d, next at %s", batch.incidentId(),
                    LogSafe.value(reason),
                    batch.attempts(), config.maxAttempts(), at);
            claims.retryAt(batch, at, true, reason);
            deferred(at);
            count("retried");
            return false;
        }
        NotificationStatus status = result.rateLimited() || result.transientFailure() ? NotificationStatus.DEAD
                : NotificationStatus.FAILED;
        LOG.errorf("incident %d: Telegram notification %s after %d attempt(s): %s", batch.incidentId(), status,
                batch.attempts(), LogSafe.value(reason));
        claims.finish(batch, status, chat, null, reason);
        count(status.name().toLowerCase());
        return false;
    }

    /**
     * Outcomes on {@code /q/metrics} as {@code triage_telegram_sends_total{outcome=...}}; waits on a 429 also as
     * {@code triage_telegram_rate_limit_waits_total}.
     */
    private void count(String outcome) {
        meters.counter("triage.telegram.sends", "outcome", outcome).increment();
        if ("rate_limited".equals(outcome)) {
            meters.counter("triage.telegram.rate.limit.waits").increment();
        }
    }

    private String migrate(String oldChat, String newChat, Instant now) {
        messages.migrated(oldChat, newChat, now);
        LOG.warnf("Telegram chat %s was upgraded to supergroup %s: messages now go there. Replace %s by %s in "
                + "TRIAGE_TELEGRAM_CHAT_ID (or the route / allowed chats that name it)", LogSafe.value(oldChat),
                LogSafe.value(newChat), LogSafe.value(oldChat), LogSafe.value(newChat));
        return newChat;
    }

    private Duration backoff(int attempts) {
        return new Backoff(config.retryBackoff(), config.maxBackoff()).after(attempts);
    }

    private static String follow(String chat, Map<String, String> migrations) {
        return migrations.getOrDefault(chat, chat);
    }
}
