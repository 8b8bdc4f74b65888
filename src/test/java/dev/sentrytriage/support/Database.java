package dev.sentrytriage.support;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

/** Direct SQL for tests: reset the tables, read what the service stored. */
@ApplicationScoped
public class Database {

    private final EntityManager em;

    public Database(EntityManager em) {
        this.em = em;
    }

    /**
     * Empties the tables a test's incidents and messages live in (and, through cascade, whatever refers to them),
     * with the floods, which outlive their incidents, and the chats' pace, written under other tests' clocks.
     */
    @Transactional
    public void reset() {
        em.createNativeQuery("""
                truncate table delivery, incident, incident_occurrence, notification, change_event, notify_flood,
                               telegram_chat_pace cascade""").executeUpdate();
    }

    @Transactional
    public long count(String sql, Object... params) {
        var q = query(sql, params);
        return ((Number) q.getSingleResult()).longValue();
    }

    @Transactional
    public Object single(String sql, Object... params) {
        var q = query(sql, params);
        return q.getSingleResult();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<Object> list(String sql, Object... params) {
        var q = query(sql, params);
        return q.getResultList();
    }

    @Transactional
    public int update(String sql, Object... params) {
        var q = query(sql, params);
        return q.executeUpdate();
    }

    private Query query(String sql, Object... params) {
        Query q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return q;
    }
}
