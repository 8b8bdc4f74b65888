package dev.sentrytriage.ui;

import java.util.List;

/** Everything the incident page shows, already formatted; outside text stays text (the template escapes it). */
public record IncidentDetail(long id, String title, String risk, String riskClass, String status, String sentryUrl,
        String linkLabel, List<Change> changes,
        List<Field> fields, Analysis analysis, OccurrenceChart chart, List<TimelineEntry> timeline,
        Telegram telegram, List<DeliveryLink> deliveries, boolean canAcknowledge, boolean canMute,
        boolean canResolve, boolean canReopen) {

    /** A change of the incident's project in the hour before it opened (deploy, release, adjustment). */
    public record Change(String title, String source, String at, String url) {
    }

    /** A labelled value. */
    public record Field(String label, String value) {
    }

    /** What the analyzer said, and who said it with what confidence. */
    public record Analysis(String rootCause, String impact, String fixSuggestion, String prevention,
            String confidence, String analyzedBy, String analyzedAt) {
    }

    /** One entry of the incident's timeline. */
    public record TimelineEntry(String at, String atIso, String ago, String what, String actor, String via,
            String detail) {
    }

    /** The Telegram message of the current episode and the latest notification for it. */
    public record Telegram(String chatId, String messageId, String sentAt, String lastEditAt, String status,
            String kind, int attempts, String lastSentAt, String lastError) {
    }

    /** One delivery that touched the incident, with the link to its raw body. */
    public record DeliveryLink(String id, String receivedAt, String resource, String action, String status) {
    }
}
