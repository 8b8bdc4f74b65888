package dev.sentrytriage.source;

import java.util.List;

/** A bean that contributes sources known only from configuration (the generic Standard Webhooks senders). */
public interface SourceFamily {

    /** The sources this family serves, each under its own name. */
    List<Source> sources();

    /** What in the family's configuration cannot work (a bad name, a key that is not a key), naming the variable. */
    default List<String> problems() {
        return List.of();
    }
}
