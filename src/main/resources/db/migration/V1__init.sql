-- Deliveries: every verified webhook request, kept as received. The worker claims them from here.
create table delivery (
    id              uuid primary key,
    received_at     timestamptz not null,
    resource        text        not null,
    action          text,
    request_id      text,
    hook_timestamp  text,
    digest          bytea       not null,
    body            bytea       not null,
    status          text        not null,
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    lease_token     uuid,
    lease_until     timestamptz,
    processed_at    timestamptz,
    last_error      text,
    incident_id     bigint,
    constraint delivery_digest_unique unique (digest)
);
create index delivery_due on delivery (next_attempt_at) where status in ('PENDING', 'PROCESSING');
create index delivery_status_received on delivery (status, received_at desc);

-- Incidents: one per source issue.
create table incident (
    id                 bigserial primary key,
    source             text        not null,
    project            text        not null,
    issue_id           text        not null,
    short_id           text,
    title              text        not null,
    culprit            text,
    level              text,
    platform           text,
    environment        text,
    release            text,
    sentry_url         text,
    triggered_rule     text,
    assignee           text,
    base_risk          text        not null,
    risk               text        not null,
    status             text        not null,
    muted_until        timestamptz,
    occurrences        bigint      not null default 0,
    regressions        int         not null default 0,
    sentry_count       bigint,
    user_count         bigint,
    first_seen         timestamptz not null,
    last_seen          timestamptz not null,
    status_changed_at  timestamptz not null,
    status_changed_by  text,
    context            text,
    analysis_due_at    timestamptz,
    analysis_attempts  int         not null default 0,
    root_cause         text,
    impact             text,
    fix_suggestion     text,
    prevention         text,
    confidence         double precision,
    analyzed_by        text,
    analyzed_at        timestamptz,
    version            bigint      not null default 0,
    constraint incident_source_issue unique (source, project, issue_id)
);
create index incident_status_risk on incident (status, risk);
create index incident_last_seen on incident (last_seen desc, id desc);
create index incident_analysis_due on incident (analysis_due_at) where analysis_due_at is not null;

-- Occurrences of each incident, for the counts over 1 h / 24 h / 7 d.
create table incident_occurrence (
    incident_id  bigint      not null references incident (id) on delete cascade,
    occurred_at  timestamptz not null,
    delivery_id  uuid        not null
);
create index incident_occurrence_window on incident_occurrence (incident_id, occurred_at);

-- Notification outbox: written in the same transaction as the incident change that calls for it.
create table notification (
    id              bigserial primary key,
    incident_id     bigint      not null references incident (id) on delete cascade,
    channel         text        not null,
    kind            text        not null,
    status          text        not null,
    created_at      timestamptz not null,
    next_attempt_at timestamptz not null,
    attempts        int         not null default 0,
    lease_until     timestamptz,
    sent_at         timestamptz,
    last_error      text
);
create index notification_due on notification (next_attempt_at) where status = 'PENDING';
create index notification_incident on notification (incident_id, id);
