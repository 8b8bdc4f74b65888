-- Every applied delivery asks whether its incident already has a notification waiting (Outbox). The rows sent,
-- merged or logged pile up per incident during a storm; without this index that question scanned all of them.
create index notification_pending on notification (incident_id) where status = 'PENDING';
