package dev.sentrytriage.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import dev.sentrytriage.local.EmbeddedPostgresLauncher;

/**
 * Upgrading a database that holds occurrences (V13) to the per-minute counts (V14): the minutes of the last 8 days are
 * counted from what is stored, older occurrences are left out, and from then on the trigger adds to them.
 */
class OccurrenceMinutesMigrationTest {

    @Test
    void theUpgradeCountsTheStoredOccurrencesOfTheLastEightDaysAMinuteAtATime() throws Exception {
        Map<String, String> server = EmbeddedPostgresLauncher.start(null);
        String user = server.get("quarkus.datasource.username");
        String password = server.get("quarkus.datasource.password");
        String database = "upgrade_v14_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(server.get("quarkus.datasource.jdbc.url"), user, password);
                Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        String url = server.get("quarkus.datasource.jdbc.url").replaceFirst("/postgres(\\?|$)", "/" + database + "$1");
        migrate(url, user, password, "13");
        Instant base = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MINUTES);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("""
                    insert into incident (id, source, project, issue_id, title, base_risk, risk, status, first_seen,
                                          last_seen, status_changed_at)
                    values (1, 'sentry', 'shop', '1', 'Boom', 'LOW', 'LOW', 'OPEN', now(), now(), now())""");
            s.execute("""
                    insert into incident_occurrence (incident_id, occurred_at, delivery_id)
                    select 1, t, gen_random_uuid()
                    from unnest(array[timestamptz '%1$s' + interval '5 seconds',
                                      timestamptz '%1$s' + interval '59.999 seconds',
                                      timestamptz '%1$s' + interval '1 minute',
                                      timestamptz '%1$s' - interval '7 days']) t
                    """.formatted(base));
        }

        migrate(url, user, password, "14");

        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            assertEquals(List.of(base + " 2", base.plus(Duration.ofMinutes(1)) + " 1"), minutes(s),
                    "two minutes counted, the occurrence of 9 days ago not");
            s.execute("insert into incident_occurrence (incident_id, occurred_at, delivery_id) "
                    + "values (1, timestamptz '" + base.plusSeconds(30) + "', gen_random_uuid())");
            assertEquals(List.of(base + " 3", base.plus(Duration.ofMinutes(1)) + " 1"), minutes(s),
                    "added to by the trigger");
        }
    }

    private static void migrate(String url, String user, String password, String target) {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target(target).load()
                .migrate();
    }

    private static List<String> minutes(Statement s) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery("""
                select to_char(minute at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' ' || occurrences
                from incident_occurrence_minute order by minute""")) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }
}
