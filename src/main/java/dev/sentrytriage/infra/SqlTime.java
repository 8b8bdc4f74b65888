package dev.sentrytriage.infra;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** A {@code timestamptz} column read through a native query, whatever Java type the driver and Hibernate chose. */
public final class SqlTime {

    private SqlTime() {
    }

    /** The column value as an instant; null stays null. */
    public static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
