package dev.sentrytriage.notify;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sentrytriage.config.TriageConfig;

/**
 * Keeps the service within Telegram's limits: per chat by its kind (a private chat one call every
 * {@code per-chat-interval}, a group, supergroup or channel every {@code group-interval}: about 20 a minute) plus any
 * {@code retry_after} a 429 asked for, both shared by every replica through {@link ChatPace}; and at most
 * {@code global-per-second} calls a second from this process. It never sleeps: it answers when a call may go, and the
 * sender puts the notification back until then.
 */
@ApplicationScoped
public class Pacer {

    private final Duration privateChat;
    private final Duration groupChat;
    private final int perSecond;
    private final ChatPace chats;
    private long window = Long.MIN_VALUE;
    private int callsInWindow;

    @Inject
    public Pacer(TriageConfig config, ChatPace chats) {
        this.privateChat = config.telegram().perChatInterval();
        this.groupChat = config.telegram().groupInterval();
        this.perSecond = Math.max(1, config.telegram().globalPerSecond());
        this.chats = chats;
    }

    /** Whether {@code chatId} is a group, supergroup or channel: a negative id, or a channel's {@code @username}. */
    public static boolean groupLike(String chatId) {
        String chat = chatId.trim();
        return chat.startsWith("-") || chat.startsWith("@");
    }

    /** The least time between two calls to {@code chatId}, by its kind. */
    Duration interval(String chatId) {
        return groupLike(chatId) ? groupChat : privateChat;
    }

    /**
     * Takes a slot for a call to {@code chatId} at {@code now} and returns {@code now}; or, when the chat (on any
     * replica) or this process is still busy, takes nothing and returns when to come back.
     */
    public Instant reserve(String chatId, Instant now) {
        Instant processFree = processSlot(now);
        if (processFree.isAfter(now)) {
            return processFree;
        }
        Instant free = chats.take(chatId, now, now.plus(interval(chatId)));
        if (free.isAfter(now)) {
            giveBack(now);
            return free;
        }
        return now;
    }

    /** Holds every call to {@code chatId} until {@code until} (Telegram's {@code retry_after}), on every replica. */
    public void block(String chatId, Instant until) {
        chats.block(chatId, until);
    }

    private synchronized Instant processSlot(Instant now) {
        long second = now.getEpochSecond();
        if (second != window) {
            window = second;
            callsInWindow = 0;
        }
        if (callsInWindow >= perSecond) {
            return Instant.ofEpochSecond(second + 1); // the overall budget of this second is spent
        }
        callsInWindow++;
        return now;
    }

    private synchronized void giveBack(Instant now) {
        if (now.getEpochSecond() == window && callsInWindow > 0) {
            callsInWindow--;
        }
    }
}
