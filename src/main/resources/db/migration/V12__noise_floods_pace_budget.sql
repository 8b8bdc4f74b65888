-- Issue 14 (floods, AI budget, Telegram's pace). V9 to V11 are left to the work that runs in parallel.

-- A flood of new issues in one project: one message for all of them, edited as it grows, until it has been quiet
-- for the flood window. At most one open flood per project; the sender claims a flood whose message is due.
create table notify_flood (
    id              bigserial primary key,
    project         text        not null,
    status          text        not null,
    started_at      timestamptz not null,
    last_opened_at  timestamptz not null,
    opened          int         not null,
    due_at          timestamptz,
    chat_id         text,
    thread_id       int,
    message_id      bigint,
    last_edit_at    timestamptz,
    attempts        int         not null default 0,
    last_error      text,
    lease_token     uuid,
    lease_until     timestamptz
);
create unique index notify_flood_open on notify_flood (project) where status = 'OPEN';
create index notify_flood_due on notify_flood (due_at) where due_at is not null;

-- The incidents of a flood; own_message when the incident has a message of its own (CRITICAL, a later episode).
create table notify_flood_incident (
    incident_id  bigint primary key references incident (id) on delete cascade,
    flood_id     bigint      not null references notify_flood (id) on delete cascade,
    own_message  boolean     not null,
    opened_at    timestamptz not null
);
create index notify_flood_incident_flood on notify_flood_incident (flood_id, opened_at);

-- Openings of the last flood window are counted from the incident timeline.
create index incident_event_opened on incident_event (at) where kind = 'OPENED';

-- When each chat may next be called, shared by every replica; a slot is taken with one UPDATE ... RETURNING.
create table telegram_chat_pace (
    chat_id       text primary key,
    next_free_at  timestamptz not null
);

-- AI analyzer calls started per minute, over all replicas (triage.analyzer.max-per-minute).
create table analyzer_budget (
    minute  timestamptz primary key,
    calls   int         not null
);

-- The analysis claim takes the riskiest due incident first (then the longest due): in index order.
create index incident_analysis_risk_due on incident (
    (case risk when 'CRITICAL' then 0 when 'HIGH' then 1 when 'MEDIUM' then 2 else 3 end), analysis_due_at)
    where analysis_due_at is not null;
