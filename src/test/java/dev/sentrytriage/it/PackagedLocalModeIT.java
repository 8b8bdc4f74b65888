package dev.sentrytriage.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started the way an operator or a container starts it, without a database URL: where local mode
 * would listen beyond loopback or is forbidden, it refuses before starting anything and says what to set.
 */
class PackagedLocalModeIT {

    @TempDir
    Path workDir;

    @Test
    void refusesLocalModeOnEveryInterfaceFromTheEnvironment() throws Exception {
        Result result = run(Map.of("QUARKUS_HTTP_HOST", "0.0.0.0"));
        assertEquals(2, result.exit(), result.output());
        assertTrue(result.output().contains("the HTTP host is 0.0.0.0 (QUARKUS_HTTP_HOST)"), result.output());
        assertTrue(result.output().contains("QUARKUS_DATASOURCE_JDBC_URL"), result.output());
    }

    @Test
    void refusesLocalModeWithTheJvmImagesHostOption() throws Exception {
        Result result = run(Map.of(), "-Dquarkus.http.host=0.0.0.0");
        assertEquals(2, result.exit(), result.output());
        assertTrue(result.output().contains("(-Dquarkus.http.host)"), result.output());
    }

    @Test
    void refusesToStartWithoutADatabaseWhereLocalModeIsForbidden() throws Exception {
        Result result = run(Map.of("TRIAGE_LOCAL_MODE", "forbidden"), "-Dquarkus.http.host=0.0.0.0");
        assertEquals(2, result.exit(), result.output());
        assertTrue(result.output().startsWith("No database configured: set QUARKUS_DATASOURCE_JDBC_URL"), result.output());
        assertFalse(Files.exists(workDir.resolve("data")), "nothing was started");
    }

    private record Result(int exit, String output) {
    }

    private Result run(Map<String, String> env, String... jvmOptions) throws IOException, InterruptedException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        assertTrue(Files.exists(jar), "package the service first: " + jar);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", jar.toString()));
        Path output = Files.createTempFile(workDir.getParent(), "jar-output", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("TRIAGE_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the jar did not refuse within 60 s: it started");
        }
        try {
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).trim());
        } finally {
            Files.delete(output);
        }
    }
}
