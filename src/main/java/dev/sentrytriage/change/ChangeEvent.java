package dev.sentrytriage.change;

import java.time.Instant;

/**
 * A change to a running system: a deploy, a release, a promoted build, an adjustment. {@code key}, when set, makes
 * the change recorded once per source and project (a release seen in many events is one change).
 */
public record ChangeEvent(String source, String project, String title, Instant at, String url, String key) {
}
