package dev.sentrytriage.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.TestIncidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * The recurrence counts read the occurrences a minute at a time ({@code incident_occurrence_minute}, kept by a trigger
 * on every insert of an occurrence): what a count reads is bounded by the minutes of the week, not by how many
 * occurrences a storm brought, and the counts are what the occurrences themselves give, from the minute a window's
 * edge falls in.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class OccurrenceMinutesTest {

    private static final Pattern SCAN = Pattern.compile("Scan .*actual time=\\S+ rows=(\\d+) loops=(\\d+)");
    private static final List<Duration> WINDOWS = List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7));

    @Inject
    OccurrenceCounts counts;

    @Inject
    IncidentService incidents;

    @Inject
    Database db;

    @Test
    void aCountReadsOneRowAMinuteHoweverManyOccurrencesItCounts() {
        Instant now = Instant.now();
        long id = TestIncidents.occur(TestIncidents.issue("minutes", "error", "A storm", List.of()), now);
        // 900 more in one statement, over three minutes of the last hour
        db.update("""
                insert into incident_occurrence (incident_id, occurred_at, delivery_id)
                select ?1, cast(?2 as timestamptz) + (g % 3) * interval '1 minute', gen_random_uuid()
                from generate_series(1, 900) g""",
                id, now.minus(Duration.ofMinutes(10)));

        assertEquals(new Recurrence(901, 901, 901), counts.of(id, now));
        List<Instant> from = OccurrenceCounts.firstMinutes(now);
        List<Object> plan = db.list("explain (analyze) " + OccurrenceCounts.COUNTS, List.of(id), from.get(0),
                from.get(1), from.get(2));
        long read = 0; // the most rows any scan of the plan read (a bitmap's index scan and heap scan read the same)
        for (Object line : plan) {
            Matcher m = SCAN.matcher(line.toString());
            if (m.find()) {
                read = Math.max(read, Long.parseLong(m.group(1)) * Long.parseLong(m.group(2)));
            }
        }
        assertTrue(read > 0 && read <= 4, "rows read for 901 occurrences in 4 minutes: " + read + "\n" + plan);
    }

    /**
     * Property (jqwik's generators, sampled because this is a Quarkus test): occurrences at any age up to 8 days, many
     * near the edges of the three windows, inserted in statements of any size (several in one minute), some through
     * the service in one transaction (the worker's multi-row inserts). The minutes hold what the occurrences group
     * to, and the counts are those of a model: an occurrence counts in a window when it is no older than the start of
     * the minute the window's edge falls in.
     */
    @Test
    void countsAreThoseOfTheOccurrencesFromTheMinuteOfEachEdge() {
        Arbitrary<Long> anyAge = Arbitraries.longs().between(0, Duration.ofDays(8).toMillis());
        Arbitrary<Long> nearAnEdge = Arbitraries.of(WINDOWS).flatMap(w -> Arbitraries.longs()
                .between(-90_000, 90_000).map(d -> w.toMillis() + d));
        Arbitrary<Long> age = Arbitraries.frequencyOf(Tuple.of(1, anyAge), Tuple.of(2, nearAnEdge));
        Random random = new Random(23);
        for (int round = 0; round < 12; round++) {
            Instant now = Instant.now();
            IssueContext ctx = TestIncidents.issue("minutes", "error", "Round " + round, List.of());
            long id = TestIncidents.occur(ctx, now);
            List<Instant> all = new ArrayList<>(List.of(now));
            int statements = 1 + random.nextInt(6);
            for (int s = 0; s < statements; s++) {
                List<Instant> these = new ArrayList<>();
                int size = 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
                Instant minuteShared = now.minusMillis(age.sample());
                for (int i = 0; i < size; i++) {
                    these.add(random.nextInt(3) == 0 ? minuteShared : now.minusMillis(age.sample()));
                }
                if (random.nextInt(3) == 0) {
                    QuarkusTransaction.requiringNew().run(() -> these.forEach(at -> incidents.apply(ctx,
                            UUID.randomUUID(), at)));
                } else {
                    db.update("insert into incident_occurrence (incident_id, occurred_at, delivery_id) values "
                            + these.stream().map(at -> "(?1, timestamptz '" + at + "', gen_random_uuid())")
                                    .collect(Collectors.joining(", ")), id);
                }
                all.addAll(these);
            }

            String what = "round " + round + ", occurrences " + all.stream().map(at -> Duration.between(at, now))
                    .toList();
            assertEquals(db.list("""
                    select minute || ' ' || occurrences from incident_occurrence_minute where incident_id = ?1
                    order by minute""", id), db.list("""
                    select m || ' ' || n from (select date_trunc('minute', occurred_at) m, count(*) n
                                               from incident_occurrence where incident_id = ?1 group by 1) x
                    order by m""", id), what);
            long[] model = WINDOWS.stream().mapToLong(w -> all.stream()
                    .filter(at -> !at.isBefore(now.minus(w).truncatedTo(ChronoUnit.MINUTES))).count()).toArray();
            assertEquals(new Recurrence(model[0], model[1], model[2]), counts.of(id, now), what);
        }
    }
}
