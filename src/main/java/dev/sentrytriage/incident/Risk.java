package dev.sentrytriage.incident;

import java.util.Locale;

/** How urgently an incident needs a human, lowest first. */
public enum Risk {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** Base risk of a Sentry level (or metric alert trigger): unknown levels are MEDIUM. */
    public static Risk ofLevel(String level) {
        if (level == null) {
            return MEDIUM;
        }
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "fatal" -> CRITICAL;
            case "error", "critical" -> HIGH;
            case "warning" -> MEDIUM;
            case "info", "debug" -> LOW;
            default -> MEDIUM;
        };
    }

    public Risk atLeast(Risk other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    public boolean higherThan(Risk other) {
        return ordinal() > other.ordinal();
    }
}
