package dev.sentrytriage.silence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code TRIAGE_MAINTENANCE}: windows separated by commas, each {@code name:key=value;key=value...} with the
 * keys {@code days} (e.g. {@code MON-FRI} or {@code SAT+SUN}), {@code start} ({@code HH:mm}), {@code duration}
 * ({@code 2h}, {@code 90m}, {@code PT2H}) and {@code tz} (default UTC), and any number of matchers written
 * {@code field=value}, {@code field!=value}, {@code field=~pattern}, {@code field!~pattern}. Example:
 * {@code nightly-batch:project=billing;days=MON-FRI;start=01:00;duration=2h;tz=Europe/Berlin}.
 */
public final class MaintenanceWindows {

    /** Prefix of the ids of configured windows in the API. */
    public static final String ID_PREFIX = "maintenance:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern MATCHER = Pattern.compile("([a-z]+)(=~|!~|!=|=)(.*)", Pattern.DOTALL);

    private MaintenanceWindows() {
    }

    /** The windows, or {@link SilenceRejected} naming the first entry that cannot be used. */
    public static List<SilenceRule> parse(List<String> entries) {
        List<SilenceRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            SilenceRule rule = one(entry.trim());
            if (!names.add(rule.id())) {
                throw new SilenceRejected("TRIAGE_MAINTENANCE names the window '" + rule.id().substring(ID_PREFIX.length())
                        + "' twice");
            }
            rules.add(rule);
        }
        return rules;
    }

    /** What is wrong with {@code entries}, one sentence per problem naming the variable; empty when all parse. */
    public static List<String> problems(List<String> entries) {
        try {
            parse(entries);
            return List.of();
        } catch (SilenceRejected e) {
            return List.of(e.getMessage());
        }
    }

    private static SilenceRule one(String entry) {
        int colon = entry.indexOf(':');
        String name = colon < 0 ? "" : entry.substring(0, colon).trim();
        if (!NAME.matcher(name).matches()) {
            throw new SilenceRejected("TRIAGE_MAINTENANCE entry '" + Matcher.shown(entry) + "' does not start with a "
                    + "name and a colon, e.g. nightly-batch:project=billing;days=MON-FRI;start=01:00;duration=2h");
        }
        String where = "TRIAGE_MAINTENANCE window '" + name + "'";
        List<String> days = null;
        String start = null;
        String duration = null;
        String tz = null;
        List<Matcher> matchers = new ArrayList<>();
        for (String part : entry.substring(colon + 1).split(";")) {
            if (part.isBlank()) {
                continue;
            }
            java.util.regex.Matcher m = MATCHER.matcher(part.trim());
            if (!m.matches()) {
                throw new SilenceRejected(where + ": '" + Matcher.shown(part) + "' is not key=value");
            }
            String key = m.group(1);
            boolean setting = m.group(2).equals("=") && Set.of("days", "start", "duration", "tz").contains(key);
            try {
                if (!setting) {
                    matchers.add(Matcher.of(key, m.group(2), m.group(3)));
                } else if (key.equals("days")) {
                    days = List.of(m.group(3).split("\\+"));
                } else if (key.equals("start")) {
                    start = m.group(3);
                } else if (key.equals("duration")) {
                    duration = m.group(3);
                } else {
                    tz = m.group(3);
                }
            } catch (SilenceRejected e) {
                throw new SilenceRejected(where + ": " + e.getMessage());
            }
        }
        if (matchers.isEmpty()) {
            throw new SilenceRejected(where + " has no matcher; to hold every incident write project=~.*");
        }
        if (start == null || duration == null) {
            throw new SilenceRejected(where + " needs start=HH:mm and duration=2h");
        }
        WeeklyWindow window;
        try {
            window = WeeklyWindow.of(days == null ? List.of("MON-SUN") : days, start, duration, tz);
        } catch (SilenceRejected e) {
            throw new SilenceRejected(where + ": " + e.getMessage());
        }
        return new SilenceRule(ID_PREFIX + name, matchers, Instant.EPOCH, null, window, null, "config",
                Instant.EPOCH);
    }
}
