package dev.sentrytriage.incident;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

/**
 * The one incident search behind the API list and the board: filters, newest activity first, keyset paging on
 * (last seen, id), and the 1 h / 24 h / 7 d counts of a page in one query. Runs in the caller's transaction.
 */
@ApplicationScoped
public class IncidentQuery {

    /**
     * What to look for; empty sets and blank strings match everything. {@code text} matches title, culprit and short
     * id, case-insensitively.
     */
    public record Filter(Set<IncidentStatus> statuses, Set<Risk> risks, String project, String source,
            String environment, String text) {
    }

    /** Where the previous page ended. */
    public record After(Instant lastSeen, long id) {
    }

    private final EntityManager em;
    private final OccurrenceCounts occurrences;

    public IncidentQuery(EntityManager em, OccurrenceCounts occurrences) {
        this.em = em;
        this.occurrences = occurrences;
    }

    /** Up to {@code limit + 1} incidents after {@code after} (null for the first page): one more tells a next page exists. */
    public List<Incident> find(Filter filter, After after, int limit) {
        StringBuilder jpql = new StringBuilder("from Incident i where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (!filter.statuses().isEmpty()) {
            jpql.append(" and i.status in :statuses");
            params.put("statuses", filter.statuses());
        }
        if (!filter.risks().isEmpty()) {
            jpql.append(" and i.risk in :risks");
            params.put("risks", filter.risks());
        }
        equal(jpql, params, "project", filter.project());
        equal(jpql, params, "source", filter.source());
        equal(jpql, params, "environment", filter.environment());
        if (present(filter.text())) {
            jpql.append(" and (lower(i.title) like :text escape '\\' or lower(i.culprit) like :text escape '\\'"
                    + " or lower(i.shortId) like :text escape '\\')");
            params.put("text", "%" + likeEscaped(filter.text().trim().toLowerCase(Locale.ROOT)) + "%");
        }
        if (after != null) {
            jpql.append(" and (i.lastSeen < :afterTime or (i.lastSeen = :afterTime and i.id < :afterId))");
            params.put("afterTime", after.lastSeen());
            params.put("afterId", after.id());
        }
        jpql.append(" order by i.lastSeen desc, i.id desc");
        TypedQuery<Incident> query = em.createQuery(jpql.toString(), Incident.class).setMaxResults(limit + 1);
        params.forEach(query::setParameter);
        return query.getResultList();
    }

    /** Occurrences of each incident in the hour, day and week before {@code now}; absent ids had none. */
    public Map<Long, Recurrence> counts(List<Long> ids, Instant now) {
        return occurrences.of(ids, now);
    }

    private static void equal(StringBuilder jpql, Map<String, Object> params, String field, String value) {
        if (present(value)) {
            jpql.append(" and i.").append(field).append(" = :").append(field);
            params.put(field, value.trim());
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
