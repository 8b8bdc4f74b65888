-- The timeline of each incident: opened, regressions and every status change, with who did it and through what
-- (sentry, telegram, api, ui). Written by IncidentService in the transaction of the change itself.
create table incident_event (
    id           bigserial primary key,
    incident_id  bigint      not null references incident (id) on delete cascade,
    at           timestamptz not null,
    kind         text        not null,
    actor        text,
    via          text        not null,
    detail       text
);
create index incident_event_incident on incident_event (incident_id, at, id);

-- The deliveries of one incident, for the board's incident page.
create index delivery_incident on delivery (incident_id, received_at desc) where incident_id is not null;
