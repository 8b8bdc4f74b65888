package dev.sentrytriage.incident;

/**
 * The system an incident's link leads to, named per source: the Telegram button's text and the key of the API's
 * {@code links}. Sentry's issues and metric alerts stay {@code sentry} / "Open in Sentry".
 */
public record SourceLink(String key, String label) {

    /** The link of an incident from {@code source}. */
    public static SourceLink of(String source) {
        if (source == null || source.startsWith("sentry")) {
            return new SourceLink("sentry", "Open in Sentry");
        }
        return switch (source) {
            case "foundries" -> new SourceLink("build", "Open build");
            case "alertmanager" -> new SourceLink("alertmanager", "Open in Alertmanager");
            default -> new SourceLink(source, "Open in " + source);
        };
    }
}
