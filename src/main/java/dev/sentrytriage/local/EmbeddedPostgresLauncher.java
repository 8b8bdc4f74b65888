package dev.sentrytriage.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;

/**
 * Starts one embedded PostgreSQL per JVM and describes it as Quarkus datasource properties. It is reachable by password
 * only: a random password kept in the data directory ({@value #PASSWORD_FILE}, mode 0600), SCRAM authentication on
 * loopback TCP, no Unix socket at all, and binaries unpacked into a directory only this user can enter. A data
 * directory of an earlier version (trust authentication, no password file) is given a password at its first start.
 */
public final class EmbeddedPostgresLauncher {

    /** The superuser's password, in the data directory. */
    static final String PASSWORD_FILE = "triage-password";
    static final String USER = "postgres";
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    static final String PG_HBA = """
            # Written by sentry-triage at every start: password (SCRAM) on loopback TCP only, no Unix socket.
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    private static Launched running;

    private EmbeddedPostgresLauncher() {
    }

    /** One running server, its data directory and its superuser password. */
    record Launched(EmbeddedPostgres postgres, Path dataDir, String password) {

        Map<String, String> properties() {
            return Map.of(
                    "quarkus.datasource.jdbc.url", postgres.getJdbcUrl(USER, "postgres"),
                    "quarkus.datasource.username", USER,
                    "quarkus.datasource.password", password);
        }
    }

    /**
     * Starts PostgreSQL on a free loopback port with its data in {@code dataDir} (kept across restarts when the
     * directory is kept; {@code null} for a throwaway database), once per JVM.
     */
    public static synchronized Map<String, String> start(Path dataDir) throws IOException {
        if (running == null) {
            Path binaries = dataDir == null
                    ? Path.of(System.getProperty("user.home"), ".cache", "sentry-triage", "postgres-binaries")
                    : dataDir.toAbsolutePath().resolveSibling(dataDir.getFileName() + "-binaries");
            running = launch(dataDir, binaries);
        }
        return running.properties();
    }

    /** Starts a server (the caller stops it); {@code binaries} becomes a directory only this user can enter. */
    static Launched launch(Path dataDir, Path binaries) throws IOException {
        boolean durable = dataDir != null;
        Path dir = durable ? dataDir.toAbsolutePath() : Files.createTempDirectory("sentry-triage-pg"); // mode 0700
        if (durable) {
            Files.createDirectories(dir);
            stopOrphan(dir);
        }
        // zonky makes its working directory writable by everyone: keep it inside a directory only we can enter
        Path workingDir = privateDirectory(binaries).resolve("zonky");
        String password = readPassword(dir).orElseGet(EmbeddedPostgresLauncher::newPassword);
        TrackingResolver resolver = new TrackingResolver();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(workingDir.toFile())
                .setPgBinaryResolver(resolver)
                .setDataDirectory(dir)
                .setCleanDataDirectory(!durable)
                .setDataDirectoryCustomizer(d -> secure(d.toPath(), workingDir.resolve("PG-" + resolver.md5()), password))
                .setConnectConfig("password", password)
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("max_connections", "100")
                // a kept data directory is the service's inbox: commits must survive a crash
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                // the builder registers a shutdown hook that stops PostgreSQL with the JVM
                .start();
        Files.setPosixFilePermissions(workingDir, OWNER_ONLY);
        return new Launched(postgres, dir, password);
    }

    /**
     * Runs after initdb and before the server starts: keeps the password in the data directory, sets it on the
     * superuser (single-user mode, so no connection is ever accepted without it) and allows only SCRAM logins.
     * Skipped when a previous start did all of it.
     */
    private static void secure(Path dataDir, Path pgDir, String password) {
        try {
            Path passwordFile = dataDir.resolve(PASSWORD_FILE);
            Path hba = dataDir.resolve("pg_hba.conf");
            if (Files.exists(passwordFile) && PG_HBA.equals(Files.readString(hba))) {
                return;
            }
            if (!Files.exists(passwordFile)) {
                Path tmp = dataDir.resolve(PASSWORD_FILE + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, password);
                Files.move(tmp, passwordFile, StandardCopyOption.ATOMIC_MOVE);
            }
            setPassword(pgDir, dataDir, password);
            Files.writeString(hba, PG_HBA); // last: a start interrupted before this line does it all again
        } catch (IOException e) {
            throw new IllegalStateException("could not secure the embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static void setPassword(Path pgDir, Path dataDir, String password) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as zonky runs its binaries for root, who PostgreSQL refuses
        }
        command.addAll(List.of(pgDir.resolve("bin/postgres").toString(), "--single", "-D", dataDir.toString(),
                "-c", "listen_addresses=", "-c", "unix_socket_directories=", "-c", "password_encryption=scram-sha-256",
                USER));
        Process single = new ProcessBuilder(command)
                // its output could quote the statement, and with it the password: never read it
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream in = single.getOutputStream()) {
            // the password is 32 hex digits: nothing to quote
            in.write(("ALTER ROLE " + USER + " PASSWORD '" + password + "';\n").getBytes(StandardCharsets.US_ASCII));
        }
        try {
            if (!single.waitFor(60, TimeUnit.SECONDS)) {
                single.destroyForcibly();
                throw new IOException("setting the password in single-user mode did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the password", e);
        }
        if (single.exitValue() != 0) {
            throw new IOException("setting the password in single-user mode failed (exit " + single.exitValue() + ")");
        }
    }

    private static Optional<String> readPassword(Path dataDir) throws IOException {
        Path file = dataDir.resolve(PASSWORD_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String password = Files.readString(file).trim();
        if (!password.matches("[0-9a-f]{32}")) {
            throw new IOException(file + " does not hold a password written by sentry-triage");
        }
        return Optional.of(password);
    }

    private static String newPassword() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Creates {@code dir} (mode 0700) or checks that this user owns it and makes it 0700. */
    static Path privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            String owner = Files.getOwner(dir).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                throw new IOException(dir + " belongs to " + owner + ", not to this user: remove it or choose another "
                        + "TRIAGE_LOCAL_DATA_DIR");
            }
        }
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
        return dir;
    }

    /** The default binaries, with the MD5 zonky names their directory after ({@code PG-<md5>}). */
    private static final class TrackingResolver implements PgBinaryResolver {
        private MessageDigest digest;

        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            try {
                digest = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
            InputStream binary = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
            return binary == null ? null : new DigestInputStream(binary, digest);
        }

        String md5() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /**
     * A service killed with SIGKILL leaves its PostgreSQL running on the data directory, which would refuse a second
     * server. Stop that orphan before starting again.
     */
    private static void stopOrphan(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        long pid;
        try {
            pid = Long.parseLong(first);
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return; // stale pid file: PostgreSQL cleans it up itself
        }
        orphan.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown; its clients died with the old service
        try {
            orphan.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("PostgreSQL " + pid + " still runs on " + dataDir.toAbsolutePath()
                    + "; stop it and start again", e);
        }
    }
}
