package dev.sentrytriage.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.notify.Notification;

/** Reads (and, to stand in for other stages, nudges) incidents and notifications of one test's own issue. */
@ApplicationScoped
public class IncidentProbe {

    private final EntityManager em;

    public IncidentProbe(EntityManager em) {
        this.em = em;
    }

    /** The incident of a Sentry issue id, fresh from the database. */
    @Transactional
    public Incident incident(String issueId) {
        Incident i = Incident.find("source = 'sentry' and issueId = ?1", issueId).firstResult();
        if (i != null) {
            em.detach(i);
        }
        return i;
    }

    @Transactional
    public List<Notification> notifications(long incidentId) {
        List<Notification> list = Notification.list("incidentId = ?1 order by id", incidentId);
        list.forEach(em::detach);
        return list;
    }

    /** Marks every notification of the incident sent, as the Telegram sender would. */
    @Transactional
    public void markSent(long incidentId) {
        em.createNativeQuery("update notification set status = 'SENT', sent_at = now() where incident_id = ?1")
                .setParameter(1, incidentId).executeUpdate();
    }

    /** Makes a scheduled analysis due now, as time passing would. */
    @Transactional
    public void makeAnalysisDue(long incidentId) {
        em.createNativeQuery("update incident set analysis_due_at = ?2 where id = ?1 and analysis_due_at is not null")
                .setParameter(1, incidentId).setParameter(2, Timestamp.from(Instant.now())).executeUpdate();
    }
}
