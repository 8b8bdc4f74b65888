package dev.sentrytriage.api;

import java.util.List;

/** One page of incidents; {@code nextCursor} fetches the next one and is null on the last page. */
public record IncidentPage(List<IncidentView> items, String nextCursor) {
}
