package dev.sentrytriage.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.Database;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.TestIncidents;
import dev.sentrytriage.text.Sha256;
import dev.sentrytriage.text.StoredText;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * The delivery table's owner reads back, column by column, what was stored: the API's view, an incident's
 * deliveries, the backlog figure and a body, each into its record with the right types (instants, uuids, enums,
 * nulls). The end-to-end tests check only some of these columns.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class DeliveriesTest {

    /** PostgreSQL keeps microseconds. */
    private static final Instant RECEIVED = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MICROS);

    @Inject
    Deliveries deliveries;

    @Inject
    Database db;

    @BeforeEach
    void setUp() {
        db.reset(); // the backlog figure counts every unfinished delivery
    }

    @Test
    void readsEveryColumnOfAStoredDeliveryIntoItsView() throws SQLException {
        byte[] body = "{\"action\":\"created\"}".getBytes(StandardCharsets.UTF_8);
        UUID id = store(body, RECEIVED);
        long incident = TestIncidents.occur(TestIncidents.issue("rows", "error", "Typed rows", List.of()), RECEIVED);
        Instant processed = RECEIVED.plus(Duration.ofMinutes(2));
        db.update("update delivery set status = 'FAILED', attempts = 3, processed_at = ?2, last_error = 'boom', "
                + "incident_id = ?3 where id = ?1", id, Timestamp.from(processed), incident);

        DeliveryView expected = new DeliveryView(id, RECEIVED, "issue", "created", "req-1", DeliveryStatus.FAILED, 3,
                RECEIVED, processed, "boom", incident, body.length);
        assertEquals(expected, deliveries.find(id).orElseThrow());
        assertEquals(List.of(expected), deliveries.list(EnumSet.of(DeliveryStatus.FAILED), null, null, 10));
        assertEquals(List.of(), deliveries.list(EnumSet.of(DeliveryStatus.DONE), null, null, 10));
        assertEquals(List.of(), deliveries.list(Set.of(), RECEIVED, id, 10), "nothing before the cursor");
        assertEquals(new Deliveries.OfIncident(id, RECEIVED, "issue", "created", DeliveryStatus.FAILED),
                QuarkusTransaction.requiringNew().call(() -> deliveries.ofIncident(incident, 5)).get(0));
    }

    @Test
    void readsABodyUntilRetentionDropsIt() throws SQLException {
        byte[] body = "{\"kept\":true}".getBytes(StandardCharsets.UTF_8);
        UUID id = store(body, RECEIVED);
        assertArrayEquals(body, deliveries.body(id).orElseThrow().bytes());

        db.update("update delivery set body = null where id = ?1", id);
        assertNull(deliveries.body(id).orElseThrow().bytes(), "stored, without its body");
        assertNull(deliveries.find(id).orElseThrow().bodyBytes());
        assertEquals(Optional.empty(), deliveries.body(UUID.randomUUID()));
    }

    @Test
    void countsUnfinishedDeliveriesAndTheOldestOfThem() throws SQLException {
        assertEquals(new Deliveries.Unfinished(0, null), deliveries.unfinished());
        store("{\"n\":1}".getBytes(StandardCharsets.UTF_8), RECEIVED);
        store("{\"n\":2}".getBytes(StandardCharsets.UTF_8), RECEIVED.plus(Duration.ofHours(1)));
        UUID done = store("{\"n\":3}".getBytes(StandardCharsets.UTF_8), RECEIVED.minus(Duration.ofHours(1)));
        db.update("update delivery set status = 'DONE' where id = ?1", done);

        assertEquals(new Deliveries.Unfinished(2, RECEIVED), deliveries.unfinished());
    }

    @Test
    void newDeliveryIdsAreTimeOrderedSoTheKeyIndexGrowsAtOneEnd() throws SQLException {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(store(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), RECEIVED));
        }
        ids.forEach(id -> assertEquals(7, id.version(), id + " is not a version 7 (time-ordered) UUID"));
        assertEquals(ids.stream().map(UUID::toString).toList(),
                db.list("select id::text from delivery order by id"), "PostgreSQL orders them as they were made");
    }

    /**
     * A batch is one statement: each row is answered in its place, a row whose digest an earlier batch stored and a
     * row repeating an earlier row of the same batch are answered as duplicates of the stored one, and text that array
     * literals quote (braces, quotes, backslashes, commas, the word NULL) and absent hints are stored as sent.
     */
    @Test
    void aBatchIsOneStatementAnsweredRowByRowWithItsDuplicates() throws SQLException {
        byte[] earlier = "{\"n\":0}".getBytes(StandardCharsets.UTF_8);
        UUID stored = store(earlier, RECEIVED);
        String awkward = "{\"a\", b\\c} NULL";
        Deliveries.New first = row("generic", awkward, "NULL", null, "{\"n\":1}");
        Deliveries.New second = row("alertmanager", "alert", null, "req,2", "{\"n\":2}");
        Deliveries.New again = row("generic", awkward, "NULL", null, "{\"n\":1}");
        Deliveries.New old = row("sentry", "issue", "created", "req-1", "{\"n\":0}");

        List<StoredDelivery> answers = deliveries.insert(List.of(first, second, again, old), RECEIVED.plusSeconds(1));

        assertEquals(4, answers.size());
        assertEquals(List.of(false, false, true, true), answers.stream().map(StoredDelivery::duplicate).toList());
        assertEquals(answers.get(0).id(), answers.get(2).id(), "the repeat is the first row of its batch");
        assertEquals(stored, answers.get(3).id(), "the earlier batch's row");
        assertEquals(3L, db.count("select count(*) from delivery"));
        assertEquals(List.of("generic|" + awkward + "|NULL|true|{\"n\":1}", "alertmanager|alert|true|req,2|{\"n\":2}"),
                db.list("""
                        select source || '|' || resource || '|' || coalesce(action, 'true') || '|'
                               || coalesce(request_id, 'true') || '|' || convert_from(body, 'UTF8')
                        from delivery where id in (?1, ?2) order by id""", answers.get(0).id(), answers.get(1).id()));
        assertEquals(List.of(true), db.list("select received_at = next_attempt_at from delivery where id = ?1",
                answers.get(1).id()));
    }

    /**
     * Property over the batch insert (jqwik's generators, sampled because this is a Quarkus test): batches of 1 to 20
     * rows, each new, a repeat of an earlier row of its batch, or a repeat of a row an earlier batch stored, with
     * arbitrary header hints (any text, and text array literals quote or escape). Each row is answered in its place:
     * the first of a digest stored with its hints cleaned as {@link StoredText#clean} cleans them, every repeat the
     * delivery stored first.
     */
    @Test
    void arbitraryBatchesAreAnsweredAndStoredAsAModelSays() throws SQLException {
        Arbitrary<String> hint = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(250),
                Arbitraries.strings().withChars("{}\"\\, NUL\u0000\ud800\udc00\u00e9\u4e2d").ofMaxLength(40),
                Arbitraries.just((String) null));
        Random random = new Random(17);
        List<Deliveries.New> earlier = new ArrayList<>();
        Map<String, UUID> stored = new HashMap<>(); // digest (hex) -> the delivery stored first
        for (int batch = 0; batch < 25; batch++) {
            List<Deliveries.New> rows = new ArrayList<>();
            int size = 1 + random.nextInt(20);
            for (int i = 0; i < size; i++) {
                int pick = random.nextInt(10);
                if (pick == 0 && !earlier.isEmpty()) {
                    rows.add(earlier.get(random.nextInt(earlier.size())));
                } else if (pick == 1 && !rows.isEmpty()) {
                    rows.add(rows.get(random.nextInt(rows.size())));
                } else {
                    byte[] body = ("{\"batch\":" + batch + ",\"row\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                    rows.add(new Deliveries.New(new Delivery("generic", "alert", hint.sample(), hint.sample(),
                            hint.sample(), body, body), DeliveryStatus.PENDING, null, Sha256.of(body)));
                }
            }
            List<StoredDelivery> answers = deliveries.insert(rows, RECEIVED);
            assertEquals(rows.size(), answers.size());
            for (int i = 0; i < rows.size(); i++) {
                Deliveries.New row = rows.get(i);
                String digest = HexFormat.of().formatHex(row.digest());
                StoredDelivery answer = answers.get(i);
                UUID first = stored.putIfAbsent(digest, answer.id());
                String what = "batch " + batch + ", row " + i;
                if (first != null) {
                    assertEquals(first, answer.id(), what + ": a repeat is answered with the delivery stored first");
                    assertTrue(answer.duplicate(), what);
                    continue;
                }
                assertFalse(answer.duplicate(), what);
                earlier.add(row);
                Delivery d = row.delivery();
                assertEquals(Arrays.asList(StoredText.clean(d.action(), StoredText.MAX_SHORT),
                        StoredText.clean(d.requestId(), StoredText.MAX_SHORT),
                        StoredText.clean(d.hookTimestamp(), StoredText.MAX_SHORT)),
                        Arrays.asList((Object[]) db.list("select action, request_id, hook_timestamp from delivery"
                                + " where id = ?1", answer.id()).get(0)), what);
            }
        }
        assertEquals((long) stored.size(), db.count("select count(*) from delivery"));
    }

    private static Deliveries.New row(String source, String resource, String action, String requestId, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return new Deliveries.New(new Delivery(source, resource, action, requestId, null, body, body),
                DeliveryStatus.PENDING, null, Sha256.of(body));
    }

    private UUID store(byte[] body, Instant receivedAt) throws SQLException {
        Deliveries.New row = row("sentry", "issue", "created", "req-1", new String(body, StandardCharsets.UTF_8));
        return deliveries.insert(List.of(row), receivedAt).get(0).id();
    }
}
