package dev.sentrytriage.silence;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.sentrytriage.text.ShortDuration;

/**
 * A recurring window: on each of {@code days}, from the wall-clock time {@code start} in {@code zone}, for
 * {@code duration} of real time. Computed with {@link ZonedDateTime} in the window's zone, so 01:00 in
 * Europe/Berlin is 00:00 UTC in winter and 23:00 UTC the day before in summer. A start that falls into the hour a
 * DST change skips moves forward by that hour; one that falls into the repeated hour takes the first of the two. A
 * window may run past midnight (it belongs to the day it starts on).
 */
public record WeeklyWindow(Set<DayOfWeek> days, LocalTime start, Duration duration, ZoneId zone) {

    /** Longest window: a week (a window that long covers everything). */
    public static final Duration MAX_DURATION = Duration.ofDays(7);

    /** One occurrence of the window, {@code [start, end)}. */
    public record Interval(Instant start, Instant end) {
    }

    public WeeklyWindow {
        days = Set.copyOf(days);
    }

    /** The occurrence of the window that contains {@code t}, if any (the latest-ending one when several overlap). */
    public Optional<Interval> at(Instant t) {
        LocalDate today = t.atZone(zone).toLocalDate();
        long back = duration.toDays() + 1;
        Interval found = null;
        for (long d = back; d >= 0; d--) {
            LocalDate day = today.minusDays(d);
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant s = ZonedDateTime.of(day, start, zone).toInstant();
            Instant e = s.plus(duration);
            if (!t.isBefore(s) && t.isBefore(e) && (found == null || e.isAfter(found.end()))) {
                found = new Interval(found == null ? s : found.start(), e);
            }
        }
        return Optional.ofNullable(found);
    }

    /** Days as written in the API ({@code MON}, ...), Monday first. */
    public List<String> dayNames() {
        List<String> names = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            if (days.contains(d)) {
                names.add(d.name().substring(0, 3));
            }
        }
        return names;
    }

    /**
     * A checked window from its parts as written: days as {@code MON}, {@code MON-FRI} (a range may wrap:
     * {@code FRI-MON}) or full names; start {@code HH:mm}; duration {@code 90m}, {@code 2h}, {@code 1d} or ISO
     * {@code PT2H}; a zone id such as {@code Europe/Berlin} (UTC when null).
     */
    public static WeeklyWindow of(List<String> days, String start, String duration, String zone) {
        return new WeeklyWindow(days(days), time(start), duration(duration), zone(zone));
    }

    static Set<DayOfWeek> days(List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new SilenceRejected("recurrence days are required, e.g. [\"MON-FRI\"] or [\"SAT\",\"SUN\"]");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String value : values) {
            String v = value == null ? "" : value.trim();
            int dash = v.indexOf('-');
            if (dash > 0) {
                DayOfWeek from = day(v.substring(0, dash));
                DayOfWeek to = day(v.substring(dash + 1));
                for (DayOfWeek d = from; ; d = d.plus(1)) {
                    days.add(d);
                    if (d == to) {
                        break;
                    }
                }
            } else {
                days.add(day(v));
            }
        }
        return days;
    }

    private static DayOfWeek day(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (v.length() >= 3 && d.name().startsWith(v)) {
                return d;
            }
        }
        throw new SilenceRejected("day '" + Matcher.shown(value) + "' is not a day of the week; use MON, TUE, WED, "
                + "THU, FRI, SAT, SUN or a range such as MON-FRI");
    }

    static LocalTime time(String value) {
        try {
            return LocalTime.parse(value == null ? "" : value.trim());
        } catch (DateTimeParseException e) {
            throw new SilenceRejected("start '" + Matcher.shown(value) + "' is not a time of day; use HH:mm, e.g. 01:00");
        }
    }

    static Duration duration(String value) {
        Duration d = ShortDuration.parse(value, "mhd");
        if (d == null) {
            throw new SilenceRejected("duration '" + Matcher.shown(value) + "' is not a duration; use e.g. 90m, 2h "
                    + "or PT2H");
        }
        if (d.isZero() || d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
            throw new SilenceRejected("duration must be positive and at most 7 days");
        }
        return d;
    }

    static ZoneId zone(String value) {
        if (value == null || value.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(value.trim());
        } catch (DateTimeException e) {
            throw new SilenceRejected("time zone '" + Matcher.shown(value) + "' is not a zone id; use e.g. "
                    + "Europe/Berlin or UTC");
        }
    }
}
