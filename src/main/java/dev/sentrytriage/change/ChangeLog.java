package dev.sentrytriage.change;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.query.NativeQuery;

import dev.sentrytriage.infra.Rows;

/** The owner of the {@code change_event} table: records changes and finds the ones that preceded an incident. */
@ApplicationScoped
public class ChangeLog {

    /** How far back from an incident's opening its changes are looked for. */
    public static final Duration WINDOW = Duration.ofHours(1);
    /** Changes shown per incident at most, the most recent first. */
    public static final int MAX_SHOWN = 5;

    private static final int TITLE_MAX = 300;
    private static final int TEXT_MAX = 2048;

    private static final String INSERT = """
            insert into change_event (source, project, title, at, url, change_key, delivery_id, recorded_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            on conflict (source, project, change_key) where change_key is not null do nothing""";
    private static final String BEFORE = """
            select source, title, at, url, project, change_key from change_event
            where project = ?1 and at > ?2 and at <= ?3
            order by at desc, id desc limit ?4""";

    private final EntityManager em;

    public ChangeLog(EntityManager em) {
        this.em = em;
    }

    /** Records a change in the caller's transaction; a keyed change already recorded is left as it was. */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public void record(ChangeEvent change, UUID deliveryId, Instant now) {
        // typed binding: url, key and delivery may be null, and an untyped null is not a text or uuid to PostgreSQL
        em.createNativeQuery(INSERT).unwrap(NativeQuery.class)
                .setParameter(1, cap(change.source(), TITLE_MAX), String.class)
                .setParameter(2, cap(change.project(), TITLE_MAX), String.class)
                .setParameter(3, cap(change.title(), TITLE_MAX), String.class)
                .setParameter(4, change.at() == null ? now : change.at(), Instant.class)
                .setParameter(5, cap(change.url(), TEXT_MAX), String.class)
                .setParameter(6, cap(change.key(), TEXT_MAX), String.class)
                .setParameter(7, deliveryId, UUID.class)
                .setParameter(8, now, Instant.class)
                .executeUpdate();
    }

    /** The changes of {@code project} in the hour before {@code openedAt}, the most recent first. */
    @Transactional
    public List<ChangeEvent> before(String project, Instant openedAt) {
        if (project == null || openedAt == null) {
            return List.of();
        }
        return Rows.as(em.createNativeQuery(BEFORE), r -> new ChangeEvent(r.text(0), r.text(4), r.text(1),
                r.instant(2), r.text(3), r.text(5)))
                .setParameter(1, project)
                .setParameter(2, openedAt.minus(WINDOW))
                .setParameter(3, openedAt)
                .setParameter(4, MAX_SHOWN)
                .getResultList();
    }

    private static String cap(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
