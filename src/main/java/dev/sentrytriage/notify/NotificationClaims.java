package dev.sentrytriage.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.infra.Rows;

/**
 * Claims due Telegram notifications with {@code FOR UPDATE SKIP LOCKED} and a lease, one incident at a time: the
 * incident row is locked while its due rows move to SENDING, and an incident whose rows another sender holds is
 * skipped, so two senders never work on one incident's message at once. Every release is guarded by the lease token.
 */
@ApplicationScoped
public class NotificationClaims {

    private static final String DUE = """
            n.channel = 'telegram' and ((n.status = 'PENDING' and n.next_attempt_at <= ?1)
                                        or (n.status = 'SENDING' and n.lease_until < ?1))""";
    /**
     * Incidents with a new message to send (a kind that starts an episode or stands alone, as {@link NotificationKind}
     * says: a new episode, a reminder, an escalation) go before those with only an edit of a sent message, then first
     * due first: when a chat's pace (a group gets about 20 calls a minute) cannot keep up, a new issue's message is not
     * held back behind edits of messages people already have. An edit waits only while new messages are due; it takes
     * the next slot the chat has to spare.
     */
    private static final String LOCK_INCIDENTS = """
            select i.id from incident i
            join (select n.incident_id, min(n.next_attempt_at) as due, min(n.id) as first,
                         bool_or(n.kind in (%s)) as sends
                  from notification n where %s
                  group by n.incident_id) d on d.incident_id = i.id
            order by d.sends desc, d.due, d.first
            limit ?2
            for update of i skip locked""".formatted(Arrays.stream(NotificationKind.values())
            .filter(k -> k.startsEpisode() || k.standalone()).map(k -> "'" + k.name() + "'")
            .collect(Collectors.joining(", ")), DUE);
    private static final String CLAIM_ROWS = """
            update notification n set status = 'SENDING', lease_token = ?2, lease_until = ?3, attempts = n.attempts + 1
            where n.incident_id in (?4) and %s
              and not exists (select 1 from notification s
                              where s.incident_id = n.incident_id and s.status = 'SENDING' and s.lease_until >= ?1)
            returning n.id, n.incident_id, n.kind, n.attempts""".formatted(DUE);

    private final EntityManager em;
    private final Clock clock;
    private final TriageConfig.Telegram config;

    public NotificationClaims(EntityManager em, Clock clock, TriageConfig config) {
        this.em = em;
        this.clock = clock;
        this.config = config.telegram();
    }

    /** One claimed row. */
    public record Row(long id, NotificationKind kind, int attempts) {
    }

    /** A row as the claim returns it, with its incident. */
    private record Claimed(long incidentId, Row row) {
    }

    /** The claimed rows of one incident, oldest first, under one lease token. */
    public record Batch(long incidentId, UUID leaseToken, List<Row> rows) {

        /** The newest row: the one that stands for the batch once sent. */
        public Row newest() {
            return rows.get(rows.size() - 1);
        }

        /** Whether a row of the batch starts a new episode (a new message). */
        public boolean startsEpisode() {
            return rows.stream().anyMatch(r -> r.kind().startsEpisode());
        }

        /** The attempts of the most tried row. */
        public int attempts() {
            return rows.stream().mapToInt(Row::attempts).max().orElse(0);
        }

        public List<Long> ids() {
            return rows.stream().map(Row::id).toList();
        }
    }

    /** Claims the due rows of up to the batch size of incidents. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Batch> claim() {
        Timestamp now = Timestamp.from(clock.instant());
        List<Long> incidents = Rows.as(em.createNativeQuery(LOCK_INCIDENTS), r -> r.whole(0))
                .setParameter(1, now).setParameter(2, config.batchSize()).getResultList();
        if (incidents.isEmpty()) {
            return List.of();
        }
        UUID token = UUID.randomUUID();
        List<Claimed> rows = Rows.as(em.createNativeQuery(CLAIM_ROWS),
                r -> new Claimed(r.whole(1), new Row(r.whole(0), r.name(2, NotificationKind.class), r.integer(3))))
                .setParameter(1, now).setParameter(2, token)
                .setParameter(3, Timestamp.from(clock.instant().plus(config.lease())))
                .setParameter(4, incidents)
                .getResultList();
        // batches in the order the incidents were locked (first due first), not in the order UPDATE returned rows
        Map<Long, List<Row>> byIncident = new LinkedHashMap<>();
        incidents.forEach(id -> byIncident.put(id, new ArrayList<>()));
        for (Claimed c : rows) {
            byIncident.computeIfAbsent(c.incidentId(), k -> new ArrayList<>()).add(c.row());
        }
        List<Batch> batches = new ArrayList<>();
        byIncident.forEach((incident, list) -> {
            list.sort((a, b) -> Long.compare(a.id(), b.id()));
            // the episode's message first; a reminder or escalation is a batch of its own, never merged into it
            List<Row> episode = list.stream().filter(r -> !r.kind().standalone()).toList();
            if (!episode.isEmpty()) {
                batches.add(new Batch(incident, token, episode));
            }
            list.stream().filter(r -> r.kind().standalone()).forEach(r -> batches.add(new Batch(incident, token,
                    List.of(r))));
        });
        return batches;
    }

    /**
     * Finishes a batch: its newest row gets {@code status} with the chat and message, the older ones are MERGED
     * into it (the message showed the incident as it was at sending).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void finish(Batch batch, NotificationStatus status, String chatId, Long messageId, String error) {
        Instant now = clock.instant();
        merge(batch);
        em.createNativeQuery("""
                update notification set status = ?3, chat_id = ?4, message_id = ?5, last_error = ?6, sent_at = ?7,
                                        lease_token = null, lease_until = null
                where id = ?1 and lease_token = ?2""")
                .setParameter(1, batch.newest().id()).setParameter(2, batch.leaseToken())
                .setParameter(3, status.name()).setParameter(4, chatId).setParameter(5, messageId)
                .setParameter(6, truncate(error))
                .setParameter(7, status == NotificationStatus.SENT || status == NotificationStatus.LOGGED
                        ? Timestamp.from(now) : null)
                .executeUpdate();
    }

    /**
     * Puts a batch back as one pending row due at {@code at}. {@code attempted} false when nothing was tried (held
     * back by pacing or the edit interval), so the wait does not use up an attempt.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void retryAt(Batch batch, Instant at, boolean attempted, String error) {
        merge(batch);
        em.createNativeQuery("""
                update notification set status = 'PENDING', next_attempt_at = ?3, last_error = coalesce(?4, last_error),
                                        attempts = attempts - ?5, lease_token = null, lease_until = null
                where id = ?1 and lease_token = ?2""")
                .setParameter(1, batch.newest().id()).setParameter(2, batch.leaseToken())
                .setParameter(3, Timestamp.from(at)).setParameter(4, truncate(error))
                .setParameter(5, attempted ? 0 : 1)
                .executeUpdate();
    }

    /**
     * Puts a batch back as one pending row held by a silence until {@code until}; {@code since} (the start of the
     * silences holding it) is kept from the first hold. Holding uses up no attempt.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void hold(Batch batch, Instant until, Instant since) {
        merge(batch);
        em.createNativeQuery("""
                update notification set status = 'PENDING', next_attempt_at = ?3, attempts = attempts - 1,
                                        held_since = coalesce(held_since, ?4), lease_token = null, lease_until = null
                where id = ?1 and lease_token = ?2""")
                .setParameter(1, batch.newest().id()).setParameter(2, batch.leaseToken())
                .setParameter(3, Timestamp.from(until)).setParameter(4, Timestamp.from(since))
                .executeUpdate();
    }

    private void merge(Batch batch) {
        List<Long> older = batch.ids().subList(0, batch.rows().size() - 1);
        if (older.isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                update notification set status = 'MERGED', lease_token = null, lease_until = null
                where id in (?1) and lease_token = ?2""")
                .setParameter(1, older).setParameter(2, batch.leaseToken())
                .executeUpdate();
    }

    private static String truncate(String error) {
        return error == null ? null : error.substring(0, Math.min(error.length(), 1000));
    }

    /**
     * Deletes up to {@code limit} finished notifications (sent, logged, merged, silenced, failed, dead) created before
     * {@code cutoff}, except one an incident's Telegram message points at, skipping rows another transaction holds;
     * its own transaction (retention). Returns how many.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteFinishedBefore(Instant cutoff, int limit) {
        return em.createNativeQuery("""
                delete from notification
                where id in (select n.id from notification n
                             where n.status in ('SENT', 'LOGGED', 'MERGED', 'SILENCED', 'FAILED', 'DEAD')
                               and n.created_at < ?1
                               and not exists (select 1 from telegram_message m where m.notification_id = n.id)
                             limit ?2 for update of n skip locked)""")
                .setParameter(1, Timestamp.from(cutoff)).setParameter(2, limit).executeUpdate();
    }
}
