-- Reminders of open incidents nobody acted on (issue 13): one row per incident while it is open at or above the
-- minimum risk, deleted when someone acknowledges, mutes or resolves it, reset by a new episode. due_at is null once
-- the episode's reminders and its escalation are used up. Claimed with FOR UPDATE SKIP LOCKED, so with several
-- replicas each reminder is written once, and it survives restarts (no timer in memory).
create table reminder (
    incident_id  bigint primary key references incident (id) on delete cascade,
    due_at       timestamptz,
    sent         int     not null default 0,
    escalated    boolean not null default false
);
create index reminder_due on reminder (due_at) where due_at is not null;
