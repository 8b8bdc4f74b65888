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
    private final int perSecond;
    private final Map<String, Instant> chatFree = new HashMap<>();
    private long window = Long.MIN_VALUE;
    private int callsInWindow;

    public Pacer(TriageConfig config) {
        this.perChat = config.telegram().perChatInterval();
        this.perSecond = Math.max(1, config.telegram().globalPerSecond());
    }

    /**
     * Takes a slot for a call to {@code chatId} at {@code now} and returns {@code now}; or, when the chat or the
     * process is still busy, takes nothing and returns when to come back.
     */
    public synchronized Instant reserve(String chatId, Instant now) {
        Instant free = chatFree.getOrDefault(chatId, Instant.EPOCH);
        if (free.isAfter(now)) {
            return free;
        }
        long second = now.getEpochSecond();
        if (second != window) {
            window = second;
            callsInWindow = 0;
        }
        if (callsInWindow >= perSecond) {
            return Instant.ofEpochSecond(second + 1); // the overall budget of this second is spent
        }
        callsInWindow++;
        chatFree.put(chatId, now.plus(perChat));
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
