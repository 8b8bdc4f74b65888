package dev.sentrytriage.incident;

import java.util.Collection;

/**
 * The existing incidents a worker batch has just locked, before it applies its deliveries to them, published as a
 * CDI event in that transaction. Observers that keep a row per incident (the reminder schedule, flood membership) read
 * those rows for the whole batch in one statement, instead of once per incident as each change arrives.
 *
 * @param incidentIds the locked incidents (not the ones the batch is about to create)
 */
public record IncidentsLocked(Collection<Long> incidentIds) {
}
