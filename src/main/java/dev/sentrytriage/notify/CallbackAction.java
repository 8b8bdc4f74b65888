package dev.sentrytriage.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.sentrytriage.text.ShortDuration;

/**
 * The buttons under a message and their {@code callback_data}: {@code ack:<incident id>}, at most 64 bytes as
 * Telegram requires. Nothing secret or mutable goes in it: the incident's current state decides what a press does.
 * The mute button's label names {@code triage.telegram.mute-for} ({@link #label(Duration)}).
 */
public enum CallbackAction {
    ACKNOWLEDGE("ack", "👀 Acknowledge"),
    MUTE("mute", "🔕 Mute"),
    RESOLVE("res", "✅ Resolve"),
    UNMUTE("unm", "🔔 Unmute"),
    REOPEN("reo", "↩️ Reopen");

    /** Telegram's limit on {@code callback_data}. */
    static final int MAX_DATA_BYTES = 64;

    private final String code;
    private final String label;

    CallbackAction(String code, String label) {
        this.code = code;
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The label, with how long the mute button mutes (e.g. "🔕 Mute 4h"). */
    String label(Duration muteFor) {
        return this == MUTE ? label + " " + ShortDuration.of(muteFor) : label;
    }

    /** The callback data of this action on {@code incidentId}. */
    String data(long incidentId) {
        String data = code + ":" + incidentId;
        if (data.getBytes(StandardCharsets.UTF_8).length > MAX_DATA_BYTES) {
            throw new IllegalStateException("callback data over 64 bytes");
        }
        return data;
    }

    /** A parsed button press, or null when the data is not one of ours. */
    record Press(CallbackAction action, long incidentId) {
    }

    static Press parse(String data) {
        if (data == null || data.length() > MAX_DATA_BYTES) {
            return null;
        }
        int colon = data.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String code = data.substring(0, colon);
        long id;
        try {
            id = Long.parseLong(data.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        for (CallbackAction a : values()) {
            if (a.code.equals(code)) {
                return new Press(a, id);
            }
        }
        return null;
    }
}
