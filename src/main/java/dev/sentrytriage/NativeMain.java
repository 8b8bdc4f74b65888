package dev.sentrytriage;

import dev.sentrytriage.local.LocalMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the native executable (chosen by the native build, see pom.xml). It has no local mode: the embedded
 * PostgreSQL is a JVM library, and keeping it unreachable from here keeps it out of the image.
 */
@QuarkusMain(name = "native")
public class NativeMain {

    public static void main(String... args) {
        LocalMode.requireExternalDatabase();
        Quarkus.run(args);
    }
}
