-- Retention (RetentionService). A dropped body is null: the row and its digest stay, so a resend of the same body is
-- still answered as a duplicate until the row itself is deleted.
alter table delivery alter column body drop not null;

-- Finished deliveries whose body is still kept, oldest first: the bodies to drop. Rows whose body is already gone
-- leave this index, so each pass reads only what it changes.
create index delivery_body_kept on delivery (received_at)
    where body is not null and status in ('DONE', 'IGNORED', 'REJECTED', 'FAILED');

-- Occurrences by age (the other index leads with the incident): the ones past the weekly window.
create index incident_occurrence_time on incident_occurrence (occurred_at);

-- Notifications by age.
create index notification_created on notification (created_at);
