package dev.sentrytriage.support;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.resource.jdbc.spi.StatementInspector;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;

/**
 * Counts the JDBC statements Hibernate prepares on the current thread (a JDBC batch is prepared once, however many
 * rows it carries), so a test can assert how the statements of a worker batch grow with its size. Background workers
 * prepare on their own threads and are not counted. {@link #during} also keeps the statements' text.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class StatementCounter implements StatementInspector {

    private static final ThreadLocal<long[]> PREPARED = ThreadLocal.withInitial(() -> new long[1]);
    private static final ThreadLocal<List<String>> RECORDED = new ThreadLocal<>();

    @Override
    public String inspect(String sql) {
        PREPARED.get()[0]++;
        List<String> recorded = RECORDED.get();
        if (recorded != null) {
            recorded.add(sql);
        }
        return sql;
    }

    /** The statements Hibernate prepared on this thread while {@code work} ran, in order. */
    public static List<String> during(Runnable work) {
        List<String> recorded = new ArrayList<>();
        RECORDED.set(recorded);
        try {
            work.run();
        } finally {
            RECORDED.remove();
        }
        return recorded;
    }

    /** Statements prepared on this thread so far. */
    public static long onThisThread() {
        return PREPARED.get()[0];
    }
}
