package dev.sentrytriage.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.config.TriageConfig;

/**
 * Keeps this process within Telegram's limits: one call per chat every {@code per-chat-interval} and at most
 * {@code global-per-second} calls overall, plus any {@code retry_after} a 429 asked for. It never sleeps: it answers
 * when a call may go, and the sender puts the notification back until then. Limits are per process; replicas each
 * keep their own (a 429 from Telegram is still honoured).
 */
@ApplicationScoped
public class Pacer {

    private final Duration perChat;
    private final Duration globalSpacing;
    private final Map<String, Instant> chatFree = new HashMap<>();
    private Instant globalFree = Instant.EPOCH;

    public Pacer(TriageConfig config) {
        this.perChat = config.telegram().perChatInterval();
        this.globalSpacing = Duration.ofNanos(1_000_000_000L / Math.max(1, config.telegram().globalPerSecond()));
    }

    /**
     * Takes a slot for a call to {@code chatId} at {@code now} and returns {@code now}; or, when the chat or the
     * process is still busy, takes nothing and returns when to come back.
     */
    public synchronized Instant reserve(String chatId, Instant now) {
        Instant free = later(chatFree.getOrDefault(chatId, Instant.EPOCH), globalFree);
        if (free.isAfter(now)) {
            return free;
        }
        chatFree.put(chatId, now.plus(perChat));
        globalFree = now.plus(globalSpacing);
        if (chatFree.size() > 10_000) {
            chatFree.values().removeIf(t -> !t.isAfter(now));
        }
        return now;
    }

    /** Holds every call to {@code chatId} until {@code until} (Telegram's {@code retry_after}). */
    public synchronized void block(String chatId, Instant until) {
        chatFree.merge(chatId, until, Pacer::later);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
