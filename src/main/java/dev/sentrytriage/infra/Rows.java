package dev.sentrytriage.infra;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import jakarta.persistence.Query;

import org.hibernate.query.NativeQuery;

/**
 * How a native query's rows become records: each query declares a small record next to it and says, column by
 * column, how a {@link Row} makes one; Hibernate applies that to every row ({@link NativeQuery#setTupleTransformer}).
 * Not a record result class ({@code createNativeQuery(sql, Record.class)}): Hibernate calls its constructor by
 * reflection with the values as it read them, so a status stays its text and a {@code jsonb} its JSON (the row then
 * fails), and every record would need registering for the native image. Hibernate reads a {@code timestamptz} as an
 * {@link Instant}, a {@code uuid} as a {@link UUID}, a count as a {@code Long}.
 */
public final class Rows {

    private Rows() {
    }

    /** The query (native, with or without its parameters yet) answering one {@code T} a row. */
    @SuppressWarnings("unchecked")
    public static <T> NativeQuery<T> as(Query query, Function<Row, T> mapper) {
        return query.unwrap(NativeQuery.class).setTupleTransformer((tuple, aliases) -> mapper.apply(new Row(tuple)));
    }

    /** One row's columns, by position (from 0), each read as the type its column holds; SQL null stays null. */
    public record Row(Object[] values) {

        public String text(int i) {
            return (String) values[i];
        }

        public UUID uuid(int i) {
            return (UUID) values[i];
        }

        /** A {@code timestamptz}, whatever Java type the driver chose for it. */
        public Instant instant(int i) {
            return SqlTime.instant(values[i]);
        }

        /** An integer column of any width (a count, a {@code bigint}, an {@code int4}). */
        public Long whole(int i) {
            return values[i] == null ? null : ((Number) values[i]).longValue();
        }

        /** An {@code int4} or {@code int2} column (or a count known to be small). */
        public Integer integer(int i) {
            return values[i] == null ? null : ((Number) values[i]).intValue();
        }

        public Boolean bool(int i) {
            return (Boolean) values[i];
        }

        public byte[] bytes(int i) {
            return (byte[]) values[i];
        }

        /** A text column holding one of {@code type}'s names. */
        public <E extends Enum<E>> E name(int i, Class<E> type) {
            return values[i] == null ? null : Enum.valueOf(type, (String) values[i]);
        }
    }
}
