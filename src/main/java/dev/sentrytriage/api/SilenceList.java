package dev.sentrytriage.api;

import java.util.List;

/** Silences, newest first (at most 500 stored ones), then the configured maintenance windows. */
public record SilenceList(List<SilenceView> items) {
}
