package dev.sentrytriage.support;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.resource.jdbc.spi.StatementInspector;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;

/**
 * Counts the JDBC statements Hibernate prepares on the current thread (a JDBC batch is prepared once, however many
 * rows it carries), so a test can assert how the statements of a worker batch grow with its size. Background workers
 * prepare on their own threads and are not counted.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class StatementCounter implements StatementInspector {

    private static final ThreadLocal<long[]> PREPARED = ThreadLocal.withInitial(() -> new long[1]);

    @Override
    public String inspect(String sql) {
        PREPARED.get()[0]++;
        return sql;
    }

    /** Statements prepared on this thread so far. */
    public static long onThisThread() {
        return PREPARED.get()[0];
    }
}
