package dev.sentrytriage.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void writesOutsideValuesOnOneLineWithVisibleEscapes() {
        assertEquals("-", LogSafe.value(null));
        assertEquals("Zoë_42@chat", LogSafe.value("Zoë_42@chat"));
        assertEquals("Eve\\u000aINFO\\u0020forged", LogSafe.value("Eve\nINFO forged"));
        assertEquals("a\\u000db\\u0009c\\u2028d\\u202ee\\u200bf\\u0000", LogSafe.value("a\rb\tc\u2028d\u202ee\u200bf\u0000"));
        assertEquals("back\\\\u000aslash", LogSafe.value("back\\u000aslash"), "a literal escape cannot pass as one");
        assertEquals("😀", LogSafe.value("😀"));
        assertEquals("\\ud83d", LogSafe.value("\ud83d"), "a lone surrogate");
        String longValue = LogSafe.value("x".repeat(500));
        assertEquals(LogSafe.MAX + 3, longValue.length());
        assertTrue(longValue.endsWith("..."));
    }

    @Test
    void namesAnErrorWithoutItsMessage() {
        SQLException detail = new SQLException("ERROR: Detail: Failing row contains (alice@example.com)", "23514");
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 insert ... ('\\x7b22...'::bytea)",
                "23514", 0, new int[0], detail);
        RuntimeException wrapped = new RuntimeException("could not execute batch: alice@example.com", batch);

        String logged = LogSafe.error(wrapped);

        assertEquals("RuntimeException caused by SQLException, SQLState 23514", logged);
        assertFalse(logged.contains("alice"));
        assertEquals("IllegalStateException", LogSafe.error(new IllegalStateException("payload value")));
    }
}
