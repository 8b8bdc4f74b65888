package dev.sentrytriage.silence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.silence.WeeklyWindow.Interval;

/** Maintenance windows in their own time zone, across DST changes and midnight, and their configuration. */
class WeeklyWindowTest {

    private static final WeeklyWindow NIGHTLY_BERLIN = WeeklyWindow.of(List.of("MON-SUN"), "01:00", "2h",
            "Europe/Berlin");

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void followsBerlinWallClockAcrossTheMarchChange() {
        // Sunday 29 March 2026: clocks go from 02:00 CET to 03:00 CEST. 01:00 CET = 00:00 UTC, two real hours.
        assertEquals(Optional.of(new Interval(at("2026-03-29T00:00:00Z"), at("2026-03-29T02:00:00Z"))),
                NIGHTLY_BERLIN.at(at("2026-03-29T01:59:59Z")));
        assertFalse(NIGHTLY_BERLIN.at(at("2026-03-29T02:00:00Z")).isPresent());
        // the day before still winter time, the day after summer time: 01:00 CEST = 23:00 UTC the evening before
        assertTrue(NIGHTLY_BERLIN.at(at("2026-03-28T00:00:00Z")).isPresent());
        assertFalse(NIGHTLY_BERLIN.at(at("2026-03-28T23:59:59Z")).isPresent());
        assertEquals(Optional.of(new Interval(at("2026-03-29T23:00:00Z"), at("2026-03-30T01:00:00Z"))),
                NIGHTLY_BERLIN.at(at("2026-03-29T23:00:00Z")));
        assertFalse(NIGHTLY_BERLIN.at(at("2026-03-30T01:00:00Z")).isPresent(),
                "a fixed winter offset would still be inside at 02:00 CEST");
    }

    @Test
    void followsBerlinWallClockAcrossTheOctoberChange() {
        // Sunday 25 October 2026: clocks go from 03:00 CEST back to 02:00 CET. 01:00 CEST = 23:00 UTC on Saturday.
        assertEquals(Optional.of(new Interval(at("2026-10-24T23:00:00Z"), at("2026-10-25T01:00:00Z"))),
                NIGHTLY_BERLIN.at(at("2026-10-25T00:30:00Z")));
        assertFalse(NIGHTLY_BERLIN.at(at("2026-10-25T01:00:00Z")).isPresent(), "two real hours, not wall-clock 03:00");
        // Monday: winter time, 01:00 CET = 00:00 UTC
        assertFalse(NIGHTLY_BERLIN.at(at("2026-10-25T23:30:00Z")).isPresent());
        assertEquals(Optional.of(new Interval(at("2026-10-26T00:00:00Z"), at("2026-10-26T02:00:00Z"))),
                NIGHTLY_BERLIN.at(at("2026-10-26T01:30:00Z")));
    }

    @Test
    void aStartInTheSkippedHourMovesForwardAndOneInTheRepeatedHourTakesTheFirst() {
        WeeklyWindow w = WeeklyWindow.of(List.of("SUN"), "02:30", "30m", "Europe/Berlin");
        // 29 March: 02:30 does not exist, it becomes 03:30 CEST = 01:30 UTC
        assertEquals(Optional.of(new Interval(at("2026-03-29T01:30:00Z"), at("2026-03-29T02:00:00Z"))),
                w.at(at("2026-03-29T01:45:00Z")));
        // 25 October: 02:30 happens twice, the first (CEST) is 00:30 UTC
        assertEquals(Optional.of(new Interval(at("2026-10-25T00:30:00Z"), at("2026-10-25T01:00:00Z"))),
                w.at(at("2026-10-25T00:45:00Z")));
        assertFalse(w.at(at("2026-10-25T01:45:00Z")).isPresent());
    }

    @Test
    void aWindowRunsPastMidnightIntoTheNextDay() {
        // Friday 23:00 for three hours, in UTC: Saturday 01:30 is inside, though Saturday is not a listed day
        WeeklyWindow w = WeeklyWindow.of(List.of("FRI"), "23:00", "3h", null);
        assertTrue(w.at(at("2026-12-04T23:00:00Z")).isPresent()); // a Friday
        assertEquals(Optional.of(new Interval(at("2026-12-04T23:00:00Z"), at("2026-12-05T02:00:00Z"))),
                w.at(at("2026-12-05T01:30:00Z")));
        assertFalse(w.at(at("2026-12-05T02:00:00Z")).isPresent());
        assertFalse(w.at(at("2026-12-05T23:30:00Z")).isPresent(), "Saturday evening is not in the window");
        assertFalse(w.at(at("2026-12-04T22:59:59Z")).isPresent());
    }

    @Test
    void daysTakeRangesThatWrapAndSingleDays() {
        assertEquals(List.of("MON", "FRI", "SAT", "SUN"), WeeklyWindow.of(List.of("FRI-MON"), "00:00", "1h", null)
                .dayNames());
        assertEquals(List.of("TUE", "THU"), WeeklyWindow.of(List.of("thu", "Tuesday"), "00:00", "1h", null).dayNames());
    }

    @Test
    void refusesWhatCannotBeAWindow() {
        assertTrue(assertThrows(SilenceRejected.class, () -> WeeklyWindow.of(List.of("MOO"), "01:00", "2h", null))
                .getMessage().startsWith("day 'MOO' is not a day of the week"));
        assertTrue(assertThrows(SilenceRejected.class, () -> WeeklyWindow.of(List.of(), "01:00", "2h", null))
                .getMessage().startsWith("recurrence days are required"));
        assertTrue(assertThrows(SilenceRejected.class, () -> WeeklyWindow.of(List.of("MON"), "25:00", "2h", null))
                .getMessage().startsWith("start '25:00' is not a time of day"));
        assertTrue(assertThrows(SilenceRejected.class, () -> WeeklyWindow.of(List.of("MON"), "01:00", "soon", null))
                .getMessage().startsWith("duration 'soon' is not a duration"));
        assertEquals("duration must be positive and at most 7 days", assertThrows(SilenceRejected.class,
                () -> WeeklyWindow.of(List.of("MON"), "01:00", "8d", null)).getMessage());
        for (String unit : List.of("90s", "1w", "2x")) { // a window is written in minutes, hours or days
            assertTrue(assertThrows(SilenceRejected.class, () -> WeeklyWindow.duration(unit)).getMessage()
                    .startsWith("duration '" + unit + "' is not a duration"), unit);
        }
        assertEquals(java.time.Duration.ofMinutes(90), WeeklyWindow.duration(" 90M "));
        assertEquals(java.time.Duration.ofHours(2), WeeklyWindow.duration("PT2H"));
        assertTrue(assertThrows(SilenceRejected.class, () -> WeeklyWindow.of(List.of("MON"), "01:00", "2h", "Mars/Base"))
                .getMessage().startsWith("time zone 'Mars/Base' is not a zone id"));
    }

    @Test
    void maintenanceFromTheEnvironmentFormat() {
        List<SilenceRule> rules = MaintenanceWindows.parse(List.of(
                "nightly-batch:project=billing;days=MON-FRI;start=01:00;duration=2h;tz=Europe/Berlin",
                "weekend:title=~Timeout.*;environment!=production;days=SAT+SUN;start=00:00;duration=1d"));
        assertEquals(2, rules.size());
        SilenceRule nightly = rules.get(0);
        assertEquals("maintenance:nightly-batch", nightly.id());
        assertEquals("config", nightly.createdBy());
        assertEquals("[project=billing]", nightly.matchers().toString());
        Incident billing = new Incident();
        billing.project = "billing";
        assertTrue(nightly.matches(billing));
        assertTrue(nightly.silencing(at("2026-12-02T00:30:00Z")).isPresent()); // Wednesday 01:30 CET
        assertFalse(nightly.silencing(at("2026-12-05T00:30:00Z")).isPresent()); // Saturday
        SilenceRule weekend = rules.get(1);
        assertEquals("[title=~Timeout.*, environment!=production]", weekend.matchers().toString());
        assertEquals(List.of("SAT", "SUN"), weekend.window().dayNames());
        assertEquals("UTC", weekend.window().zone().getId());
    }

    @Test
    void maintenanceProblemsNameTheWindowAndWhatIsWrong() {
        assertEquals(List.of(), MaintenanceWindows.problems(List.of("a:project=x;start=01:00;duration=1h")));
        assertEquals(List.of("TRIAGE_MAINTENANCE window 'a': matcher of title: 'x(' is not a valid RE2 pattern "
                + "(missing closing ))"), MaintenanceWindows.problems(List.of("a:title=~x(;start=01:00;duration=1h")));
        assertEquals(List.of("TRIAGE_MAINTENANCE window 'b' needs start=HH:mm and duration=2h"),
                MaintenanceWindows.problems(List.of("b:project=x;days=MON")));
        assertEquals(List.of("TRIAGE_MAINTENANCE window 'c' has no matcher; to hold every incident write project=~.*"),
                MaintenanceWindows.problems(List.of("c:start=01:00;duration=1h")));
        assertTrue(MaintenanceWindows.problems(List.of("project=x;start=01:00")).get(0)
                .contains("does not start with a name and a colon"));
        assertEquals(List.of("TRIAGE_MAINTENANCE names the window 'd' twice"), MaintenanceWindows.problems(List.of(
                "d:project=x;start=01:00;duration=1h", "d:project=y;start=02:00;duration=1h")));
        assertTrue(MaintenanceWindows.problems(List.of("e:project=x;start=01:00;duration=1h;days=XYZ")).get(0)
                .startsWith("TRIAGE_MAINTENANCE window 'e': day 'XYZ'"));
    }
}
