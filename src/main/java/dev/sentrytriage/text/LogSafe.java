package dev.sentrytriage.text;

import java.sql.SQLException;

/**
 * Makes outside values fit for a log line: nobody can forge a line, a field or a reordering through them, and an
 * exception is named without its message (a driver's message can carry bound values, SQL and bodies).
 */
public final class LogSafe {

    /** Longest part of an outside value that is logged; the rest is replaced by {@code ...}. */
    public static final int MAX = 80;

    private LogSafe() {
    }

    /**
     * {@code raw} on one line: whitespace, control, format (bidi, zero-width), separator, unassigned and lone surrogate
     * characters and the backslash are written as {@code \}{@code uXXXX} escapes ({@code \\} for the backslash), so
     * the escaping cannot be forged either; shortened to {@value #MAX} characters; {@code -} for null.
     */
    public static String value(String raw) {
        if (raw == null) {
            return "-";
        }
        String s = raw.length() > MAX ? raw.substring(0, MAX) : raw;
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                if (unsafe(Character.getType(cp))) {
                    out.append(String.format("\\u%04x\\u%04x", (int) c, (int) s.charAt(i)));
                } else {
                    out.appendCodePoint(cp);
                }
            } else if (c <= ' ' || unsafe(Character.getType(c))) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return raw.length() > MAX ? out.append("...").toString() : out.toString();
    }

    /** A number that came from outside, as text: the value itself when it is a plain integer, else escaped. */
    public static String id(Object raw) {
        return raw instanceof Number n ? String.valueOf(n) : value(raw == null ? null : raw.toString());
    }

    /**
     * What went wrong, for a log line: the exception's class and, for a database error anywhere in its causes, the
     * SQLState (e.g. {@code 23505}); never a message, which may quote SQL, bound values or a body.
     */
    public static String error(Throwable e) {
        if (e == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(e.getClass().getSimpleName());
        Throwable root = e;
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            root = t;
        }
        String sqlState = sqlState(e);
        if (root != e) {
            out.append(" caused by ").append(root.getClass().getSimpleName());
        }
        if (sqlState != null) {
            out.append(", SQLState ").append(value(sqlState));
        }
        return out.toString();
    }

    /** The SQLState of the first database error among {@code e} and its causes that has one, or null. */
    public static String sqlState(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static boolean unsafe(int type) {
        return switch (type) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR, Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }
}
