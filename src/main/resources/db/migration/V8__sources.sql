-- Sources: every delivery names the source that sent it (POST /webhooks/{source}); rows from before are Sentry's.
alter table delivery add column source text not null default 'sentry';

-- Change events: deploys, releases, promoted builds, servo adjustments. Shown with the incidents of the same project
-- that opened within the hour after them. change_key (when set) makes a change recorded once per source and project
-- (a Sentry release seen in many events is one change).
create table change_event (
    id           bigserial primary key,
    source       text        not null,
    project      text        not null,
    title        text        not null,
    at           timestamptz not null,
    url          text,
    change_key   text,
    delivery_id  uuid,
    recorded_at  timestamptz not null
);
create index change_event_project_at on change_event (project, at desc);
create unique index change_event_once on change_event (source, project, change_key) where change_key is not null;
