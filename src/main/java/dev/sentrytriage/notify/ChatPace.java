package dev.sentrytriage.notify;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.sentrytriage.infra.SqlTime;

/**
 * When each chat may next be called, in PostgreSQL ({@code telegram_chat_pace}), so every replica paces one chat
 * together: a slot is taken with one {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE ... RETURNING}, which only one
 * of two concurrent callers wins. Never waits for anything but that one row.
 */
@ApplicationScoped
public class ChatPace {

    private static final String TAKE = """
            insert into telegram_chat_pace as p (chat_id, next_free_at) values (?1, ?3)
            on conflict (chat_id) do update set next_free_at = excluded.next_free_at where p.next_free_at <= ?2
            returning p.next_free_at""";
    private static final String BLOCK = """
            insert into telegram_chat_pace as p (chat_id, next_free_at) values (?1, ?2)
            on conflict (chat_id) do update set next_free_at = greatest(p.next_free_at, excluded.next_free_at)""";

    private final EntityManager em;

    public ChatPace(EntityManager em) {
        this.em = em;
    }

    /**
     * Takes the slot of {@code chatId} at {@code now}, making it busy until {@code busyUntil}, and returns {@code now};
     * or, when the chat is busy, takes nothing and returns when it is free.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public Instant take(String chatId, Instant now, Instant busyUntil) {
        List<Object> taken = em.createNativeQuery(TAKE).setParameter(1, chatId).setParameter(2, Timestamp.from(now))
                .setParameter(3, Timestamp.from(busyUntil)).getResultList();
        if (!taken.isEmpty()) {
            return now;
        }
        List<Object> free = em.createNativeQuery("select next_free_at from telegram_chat_pace where chat_id = ?1")
                .setParameter(1, chatId).getResultList();
        return free.isEmpty() ? now : SqlTime.instant(free.get(0));
    }

    /** Holds every call to {@code chatId} until {@code until} (Telegram's {@code retry_after}), on every replica. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void block(String chatId, Instant until) {
        em.createNativeQuery(BLOCK).setParameter(1, chatId).setParameter(2, Timestamp.from(until)).executeUpdate();
    }
}
