package dev.sentrytriage.incident;

/** No incident has this id. */
public class IncidentNotFoundException extends RuntimeException {

    public IncidentNotFoundException(long id) {
        super("incident " + id + " not found");
    }
}
