package dev.sentrytriage.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of the 7-day occurrence chart, drawn by the template as inline SVG: 28 bars of 6 hours each, the last
 * one ending now, with a label under the first bar of each day. Numbers only, so nothing outside reaches the markup.
 */
public record OccurrenceChart(int width, int height, int baseline, List<Bar> bars, List<Label> labels, long total,
        long peak, String summary) {

    /** Hours per bar. */
    static final int BUCKET_HOURS = 6;
    /** Bars over the week. */
    static final int BUCKETS = 7 * 24 / BUCKET_HOURS;

    private static final int WIDTH = 420;
    private static final int PLOT_HEIGHT = 120;
    private static final int TOP = 16;
    private static final int BAR_WIDTH = WIDTH / BUCKETS;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIP = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** One bar: position, size, and its count for the tooltip. */
    public record Bar(int x, int y, int width, int height, long count, String tip) {
    }

    /** A day label under the axis. */
    public record Label(int x, String text) {
    }

    /** The chart of {@code counts} (oldest bucket first, {@link #BUCKETS} of them) for the week ending {@code now}. */
    static OccurrenceChart of(long[] counts, Instant now) {
        Instant start = now.minus(Duration.ofDays(7));
        long peak = 0;
        long total = 0;
        for (long c : counts) {
            peak = Math.max(peak, c);
            total += c;
        }
        int baseline = TOP + PLOT_HEIGHT;
        List<Bar> bars = new ArrayList<>(BUCKETS);
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < BUCKETS; i++) {
            int h = peak == 0 || counts[i] == 0 ? 0 : (int) Math.max(2, Math.round((double) counts[i] * PLOT_HEIGHT / peak));
            Instant from = start.plus(Duration.ofHours((long) i * BUCKET_HOURS));
            String tip = TIP.format(from) + "–" + TIP.format(from.plus(Duration.ofHours(BUCKET_HOURS))).substring(11)
                    + " UTC: " + counts[i];
            bars.add(new Bar(i * BAR_WIDTH + 1, baseline - h, BAR_WIDTH - 2, h, counts[i], tip));
            if (i % (24 / BUCKET_HOURS) == 0) {
                labels.add(new Label(i * BAR_WIDTH + 2, DAY.format(from)));
            }
        }
        String summary = total + (total == 1 ? " occurrence" : " occurrences") + " in the last 7 days"
                + (total == 0 ? "" : ", at most " + peak + " in one 6-hour period");
        return new OccurrenceChart(WIDTH, baseline + 22, baseline, bars, labels, total, peak, summary);
    }
}
