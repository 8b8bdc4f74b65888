package dev.sentrytriage;

import dev.sentrytriage.local.LocalMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the packaged service. With no external database configured it first switches to
 * local mode (embedded PostgreSQL, development secret, loopback only); otherwise it starts as is.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        LocalMode.enterIfNoDatabaseConfigured();
        Quarkus.run(args);
    }
}
