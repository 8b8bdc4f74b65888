package dev.sentrytriage.infra;

import java.io.IOException;

import jakarta.inject.Singleton;

import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;
import org.hibernate.type.format.jackson.JacksonJsonFormatMapper;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.hibernate.orm.JsonFormat;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;

/**
 * How {@code jsonb} columns ({@code @JdbcTypeCode(SqlTypes.JSON)}) are written and read: a mapper of their own, not
 * the REST layer's, so a change made for the API can never change stored data. Times as ISO-8601 text (as the
 * contexts stored as text before V13 were), unknown properties ignored (a field removed from a record does not make
 * older rows unreadable).
 */
@Singleton
@JsonFormat
@PersistenceUnitExtension
public class JsonColumns implements FormatMapper {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final FormatMapper jackson = new JacksonJsonFormatMapper(MAPPER);

    /** A {@code jsonb} value a native query read as text, read as the entity would read it. */
    public static <T> T read(String json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    @Override
    public <T> T fromString(CharSequence text, JavaType<T> type, WrapperOptions options) {
        return jackson.fromString(text, type, options);
    }

    @Override
    public <T> String toString(T value, JavaType<T> type, WrapperOptions options) {
        return jackson.toString(value, type, options);
    }
}
