package dev.sentrytriage.notify;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.text.StoredText;

/** The message's one line on the write-back to Sentry: "Sentry: resolved", "Sentry: not synced (403 ...)". */
final class SentrySyncLine {

    private static final int DETAIL_MAX = 120;

    private SentrySyncLine() {
    }

    /** The line for the incident's write-back, or null when there was none. */
    static String of(Incident i) {
        if (i.sentrySyncState == null) {
            return null;
        }
        String detail = StoredText.clean(i.sentrySyncDetail, DETAIL_MAX);
        return switch (i.sentrySyncState) {
            case "SYNCED" -> "Sentry: " + (detail == null ? "synced" : detail);
            case "FAILED", "DEAD" -> "Sentry: not synced" + (detail == null ? "" : " (" + detail + ")");
            default -> detail == null ? "Sentry: syncing" : "Sentry: not synced yet (" + detail + ", retrying)";
        };
    }
}
