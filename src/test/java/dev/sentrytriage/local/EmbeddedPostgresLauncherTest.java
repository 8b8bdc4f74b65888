package dev.sentrytriage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The embedded PostgreSQL of local mode is reachable with its password only, by no other user of the machine. */
class EmbeddedPostgresLauncherTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    @Test
    void refusesConnectionsWithoutThePasswordKeptInTheDataDirectory() throws Exception {
        Path data = tmp.resolve("data/postgres");
        Path binaries = shared.resolve("postgres-binaries"); // unpacked once for the class
        EmbeddedPostgresLauncher.Launched pg = EmbeddedPostgresLauncher.launch(data, binaries);
        try {
            String url = pg.postgres().getJdbcUrl("postgres", "postgres");
            SQLException refused = assertThrows(SQLException.class, () -> connect(url, null).close());
            assertTrue(refused.getMessage().contains("password"), refused.getMessage());
            assertThrows(SQLException.class, () -> connect(url, "postgres").close());

            Path passwordFile = data.resolve(EmbeddedPostgresLauncher.PASSWORD_FILE);
            assertEquals(pg.password(), Files.readString(passwordFile));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries.resolve("zonky"))));
            assertFalse(Files.readString(data.resolve("pg_hba.conf")).contains("trust"));

            try (Connection c = connect(url, pg.password()); Statement s = c.createStatement()) {
                assertEquals("", value(s, "show unix_socket_directories"), "no Unix socket, in /tmp or anywhere");
                assertEquals("scram-sha-256", value(s, "show password_encryption"));
                assertTrue(value(s, "select rolpassword from pg_authid where rolname = 'postgres'").startsWith("SCRAM-SHA-256$"));
            }
            assertEquals(0, socketsOf(pg.postgres().getPort()), "no socket of this server in /tmp");
        } finally {
            pg.postgres().close();
        }

        EmbeddedPostgresLauncher.Launched again = EmbeddedPostgresLauncher.launch(data, binaries);
        try {
            assertEquals(pg.password(), again.password(), "the password is kept across restarts");
            connect(again.postgres().getJdbcUrl("postgres", "postgres"), again.password()).close();
        } finally {
            again.postgres().close();
        }
    }

    @Test
    void givesADataDirectoryOfAnEarlierVersionAPasswordAndKeepsItsData() throws Exception {
        Path data = tmp.resolve("legacy/postgres");
        Files.createDirectories(data);
        // what earlier versions started: zonky's defaults, trust authentication, no password file
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
                Connection c = legacy.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table kept (v text); insert into kept values ('still here')");
        }
        assertTrue(Files.readString(data.resolve("pg_hba.conf")).contains("trust"));

        EmbeddedPostgresLauncher.Launched pg = EmbeddedPostgresLauncher.launch(data, shared.resolve("postgres-binaries"));
        try {
            String url = pg.postgres().getJdbcUrl("postgres", "postgres");
            assertThrows(SQLException.class, () -> connect(url, null).close());
            try (Connection c = connect(url, pg.password()); Statement s = c.createStatement()) {
                assertEquals("still here", value(s, "select v from kept"));
            }
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    data.resolve(EmbeddedPostgresLauncher.PASSWORD_FILE))));
        } finally {
            pg.postgres().close();
        }
    }

    @Test
    void throwawayDatabasesNeedAPasswordToo() throws Exception {
        EmbeddedPostgresLauncher.Launched pg = EmbeddedPostgresLauncher.launch(null, shared.resolve("postgres-binaries"));
        try {
            String url = pg.postgres().getJdbcUrl("postgres", "postgres");
            assertThrows(SQLException.class, () -> connect(url, null).close());
            connect(url, pg.password()).close();
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pg.dataDir())));
        } finally {
            pg.postgres().close();
        }
        assertFalse(Files.exists(pg.dataDir()), "a throwaway data directory is removed when the server stops");
    }

    @Test
    void tightensABinariesDirectoryOthersCouldWrite() throws IOException {
        Path mine = EmbeddedPostgresLauncher.privateDirectory(tmp.resolve("a/b"));
        Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwxrwxrwx"));
        EmbeddedPostgresLauncher.privateDirectory(mine);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)));
    }

    private static Connection connect(String url, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(url.replace("?user=postgres", ""), props);
    }

    private static String value(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long socketsOf(int port) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("/tmp"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(".s.PGSQL." + port)).count();
        }
    }
}
