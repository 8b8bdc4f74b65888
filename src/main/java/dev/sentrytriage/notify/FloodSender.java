package dev.sentrytriage.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.sentrytriage.change.ChangeEvent;
import dev.sentrytriage.change.ChangeLog;
import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.notify.TelegramRestClient.Button;
import dev.sentrytriage.infra.Rows;
import dev.sentrytriage.privacy.Scrubber;
import dev.sentrytriage.text.LogSafe;
import dev.sentrytriage.text.SafeUrl;

/**
 * Sends and edits the one message of each flood ({@link Floods}): how many new issues, the top titles by
 * occurrences, the project's recent changes and a link to the list, edited as the flood grows (at most once per edit
 * interval) and a last time when it has been quiet for a window. Claims floods with {@code FOR UPDATE SKIP LOCKED} and
 * a lease like the outbox; paced by the same {@link Pacer}. Called by {@link NotificationSender#pass()}.
 */
@ApplicationScoped
public class FloodSender {

    private static final Logger LOG = Logger.getLogger(FloodSender.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int TOP = 5;
    private static final int TITLE_MAX = 120;
    private static final String CLAIM = """
            update notify_flood f set lease_token = ?2, lease_until = ?3
            where f.id in (select id from notify_flood
                           where (status = 'OPEN' or due_at is not null) and (due_at is null or due_at <= ?1)
                             and (lease_until is null or lease_until < ?1)
                           order by id limit 20 for update skip locked)
            returning f.id, f.project, f.status, f.started_at, f.opened, f.chat_id, f.thread_id, f.message_id,
                      f.last_edit_at, f.attempts""";

    private final EntityManager em;
    private final Clock clock;
    private final TelegramClient telegram;
    private final ChatRouter router;
    private final Pacer pacer;
    private final ChangeLog changes;
    private final TriageConfig.Telegram config;
    private final Duration window;
    private final UnaryOperator<String> clean;
    private final String boardUrl;

    public FloodSender(EntityManager em, Clock clock, TelegramClient telegram, ChatRouter router, Pacer pacer,
            ChangeLog changes, Scrubber scrubber, TriageConfig config) {
        this.em = em;
        this.clock = clock;
        this.telegram = telegram;
        this.router = router;
        this.pacer = pacer;
        this.changes = changes;
        this.config = config.telegram();
        this.window = config.flood().window();
        this.clean = this.config.scrub() ? scrubber::scrub : UnaryOperator.identity();
        this.boardUrl = config.publicUrl().map(u -> u.toString().trim().replaceAll("/+$", "")).orElse(null);
    }

    /** One claimed flood. */
    record Claimed(long id, UUID lease, String project, boolean open, Instant startedAt, int shown, String chatId,
            Integer threadId, Long messageId, Instant lastEditAt, int attempts) {
    }

    /** What the flood is now. */
    record State(int count, int ownMessages, Instant lastOpenedAt, Risk highest, List<Top> top) {
    }

    /** One of the flood's most frequent incidents. */
    record Top(String title, long occurrences, Risk risk) {
    }

    /** How many incidents joined the flood, how many of them have a message of their own, and the last join. */
    private record Members(int count, int ownMessages, Instant lastOpenedAt) {
    }

    /** Sends or edits every flood message that is due; returns how many went out (or to the log). */
    public int pass() {
        int done = 0;
        for (Claimed flood : claim()) {
            try {
                if (handle(flood)) {
                    done++;
                }
            } catch (RuntimeException e) {
                LOG.warnf("flood %d: message not handled, retried after the lease: %s", flood.id(), LogSafe.error(e));
            }
        }
        return done;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    List<Claimed> claim() {
        Instant now = clock.instant();
        UUID lease = UUID.randomUUID();
        return Rows.as(em.createNativeQuery(CLAIM), r -> new Claimed(r.whole(0), lease, r.text(1),
                "OPEN".equals(r.text(2)), r.instant(3), r.integer(4), r.text(5), r.integer(6), r.whole(7),
                r.instant(8), r.integer(9)))
                .setParameter(1, Timestamp.from(now)).setParameter(2, lease)
                .setParameter(3, Timestamp.from(now.plus(config.lease()))).getResultList();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    State state(long floodId) {
        Members members = Rows.as(em.createNativeQuery("""
                select count(*), count(*) filter (where own_message), max(opened_at)
                from notify_flood_incident where flood_id = ?1"""),
                r -> new Members(r.integer(0), r.integer(1), r.instant(2))).setParameter(1, floodId).getSingleResult();
        List<Top> top = Rows.as(em.createNativeQuery("""
                select i.title, i.occurrences, i.risk from notify_flood_incident m join incident i on i.id = m.incident_id
                where m.flood_id = ?1 and not m.own_message order by i.occurrences desc, i.id limit ?2"""),
                r -> new Top(r.text(0), r.whole(1), r.name(2, Risk.class)))
                .setParameter(1, floodId).setParameter(2, TOP).getResultList();
        Risk highest = Rows.as(em.createNativeQuery("""
                select distinct i.risk from notify_flood_incident m join incident i on i.id = m.incident_id
                where m.flood_id = ?1 and not m.own_message"""), r -> r.name(0, Risk.class))
                .setParameter(1, floodId).getResultList().stream().reduce(Risk.LOW, Risk::atLeast);
        return new State(members.count(), members.ownMessages(), members.lastOpenedAt(), highest, top);
    }

    private boolean handle(Claimed flood) {
        Instant now = clock.instant();
        if (flood.lastEditAt() != null) {
            // shown (sent, or logged) before: not again within the edit interval, and the flood's state (queries over
            // all its incidents, thousands in a flood) is not even read before then
            Instant editable = flood.lastEditAt().plus(config.editInterval());
            if (editable.isAfter(now)) {
                release(flood, editable, null, null);
                return false;
            }
        }
        State state = state(flood.id());
        boolean over = flood.open() && (state.lastOpenedAt() == null || !state.lastOpenedAt().plus(window).isAfter(now));
        boolean closed = !flood.open() || over;
        if (flood.lastEditAt() != null && flood.open() && !over && state.count() == flood.shown()) {
            // nothing new: looked at again after the edit interval (an open flood is polled), until it is over
            release(flood, now.plus(config.editInterval()), null, null);
            return false;
        }
        RenderedMessage message = render(flood, state, closed);
        Incident probe = new Incident();
        probe.project = flood.project();
        probe.risk = state.highest();
        ChatRouter.Destination destination = router.route(probe, Map.of());
        if (!telegram.configured() || destination.chatId() == null) {
            LOG.infof("Telegram not configured; would send for the flood of project %s:%n%s",
                    LogSafe.value(flood.project()), message.plain());
            done(flood, state.count(), closed, null, null, null, now);
            return true;
        }
        String chat = flood.messageId() != null ? flood.chatId() : destination.chatId();
        Instant free = pacer.reserve(chat, now);
        if (free.isAfter(now)) {
            release(flood, free, null, null);
            return false;
        }
        TelegramResult result = flood.messageId() != null ? telegram.edit(chat, flood.messageId(), message, true)
                : telegram.send(chat, destination.threadId(), message, true,
                        QuietDelivery.quiet(state.highest(), config.notifyMinRisk()));
        if (result.ok() || result.notModified()) {
            Long id = flood.messageId() != null ? flood.messageId() : result.messageId();
            done(flood, state.count(), closed, chat, flood.messageId() != null ? flood.threadId() : destination.threadId(),
                    id, now);
            return true;
        }
        Instant retry;
        if (result.rateLimited()) {
            retry = now.plusSeconds(Math.max(1, result.retryAfter() == null ? 1 : result.retryAfter()));
            pacer.block(chat, retry);
        } else if (result.transientFailure() && flood.attempts() < config.maxAttempts()) {
            retry = now.plus(config.retryBackoff().multipliedBy(1L << Math.min(10, flood.attempts())));
        } else {
            // refused for good (or out of tries): not again on every pass, but after the longest backoff
            LOG.errorf("flood of project %s: Telegram refused its message: %s", LogSafe.value(flood.project()),
                    LogSafe.value(result.reason()));
            if (closed) {
                done(flood, state.count(), true, flood.chatId(), flood.threadId(), flood.messageId(), now);
                return false;
            }
            retry = now.plus(config.maxBackoff());
        }
        release(flood, retry, result.reason(), 1);
        return false;
    }

    RenderedMessage render(Claimed flood, State state, boolean over) {
        HtmlText text = new HtmlText().text("🌊 ").tagged("b", "Flood of new issues in " + flood.project())
                .newline().text(state.count() + " new issues since " + TIME.format(flood.startedAt()));
        if (state.lastOpenedAt() != null) {
            text.text(", the last at " + TIME.format(state.lastOpenedAt()));
        }
        text.newline();
        if (over) {
            text.text("Quiet for " + window.toMinutes() + " min: the flood is over.").newline();
        }
        if (state.ownMessages() > 0) {
            text.text(state.ownMessages() + " of them (CRITICAL or sent earlier) have a message of their own.")
                    .newline();
        }
        if (!state.top().isEmpty()) {
            text.newline().tagged("b", "Most frequent").newline();
            for (Top t : state.top()) {
                text.text("• " + HtmlText.shorten(clean.apply(t.title()), TITLE_MAX) + " (" + t.occurrences() + "×, "
                        + t.risk() + ")").newline();
            }
        }
        List<ChangeEvent> recent = changes.before(flood.project(), flood.startedAt());
        if (!recent.isEmpty()) {
            text.newline().tagged("b", "Recent changes").newline();
            for (ChangeEvent c : recent) {
                text.text("• " + HtmlText.shorten(clean.apply(c.title()), TITLE_MAX) + " (" + c.source()
                        + (c.at() == null ? "" : ", " + TIME.format(c.at())) + ")").newline();
            }
        }
        text.newline().text("All of them: GET /api/incidents?project=" + flood.project());
        List<List<Button>> keyboard = new ArrayList<>();
        String board = boardUrl == null ? null
                : SafeUrl.http(boardUrl + "/?project=" + java.net.URLEncoder.encode(flood.project(),
                        java.nio.charset.StandardCharsets.UTF_8));
        if (board != null) {
            keyboard.add(List.of(Button.link("Open the list", board)));
        }
        return new RenderedMessage(text.html(), text.plain(), keyboard);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void done(Claimed flood, int shown, boolean closed, String chat, Integer thread, Long messageId, Instant now) {
        em.createNativeQuery("""
                update notify_flood set opened = ?3, status = case when ?4 then 'CLOSED' else status end,
                    chat_id = ?5, thread_id = ?6, message_id = ?7, last_edit_at = ?8, due_at = null, attempts = 0,
                    lease_token = null, lease_until = null
                where id = ?1 and lease_token = ?2""")
                .setParameter(1, flood.id()).setParameter(2, flood.lease()).setParameter(3, shown)
                .setParameter(4, closed).setParameter(5, chat).setParameter(6, thread).setParameter(7, messageId)
                .setParameter(8, Timestamp.from(now)).executeUpdate();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void release(Claimed flood, Instant dueAt, String error, Integer attempted) {
        em.createNativeQuery("""
                update notify_flood set due_at = ?3, last_error = coalesce(?4, last_error),
                    attempts = attempts + ?5, lease_token = null, lease_until = null
                where id = ?1 and lease_token = ?2""")
                .setParameter(1, flood.id()).setParameter(2, flood.lease())
                .setParameter(3, dueAt == null ? null : Timestamp.from(dueAt)).setParameter(4, error)
                .setParameter(5, attempted == null ? 0 : attempted).executeUpdate();
    }
}
