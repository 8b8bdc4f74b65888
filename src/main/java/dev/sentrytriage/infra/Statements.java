package dev.sentrytriage.infra;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.hibernate.FlushMode;
import org.hibernate.query.NativeQuery;

/**
 * SQL statements that run without flushing the session first. Hibernate flushes before every query by default, and
 * even when nothing it holds touches the query's tables, it checks every entity of the session to find that out: in
 * a worker batch holding a hundred incidents, that check before each statement cost more than the statements (the
 * profile in bench/README.md, issue 17). Use it only for statements on tables that the session never holds changes
 * for (written by statements alone, like the timeline, floods and reminders), or whose pending changes the
 * statement does not need to see.
 */
public final class Statements {

    private Statements() {
    }

    /** A native statement that flushes nothing before it runs. */
    public static Query unflushed(EntityManager em, String sql) {
        return em.createNativeQuery(sql).unwrap(NativeQuery.class).setHibernateFlushMode(FlushMode.MANUAL);
    }
}
