-- Write-back to Sentry (issue 13): one row per incident, the status this service last asked Sentry's issue to take.
-- Written by SentryWriteBack in the transaction of the status change (resolve, mute, reopen through Telegram, the
-- API or the board); sent by its worker. A newer intent replaces the row's target ("latest intent wins") and bumps
-- intent, so a send that was in flight when the intent changed is not recorded as the outcome of the new one.
create table sentry_sync (
    incident_id      bigint primary key references incident (id) on delete cascade,
    org              text        not null,
    issue_id         text        not null,
    target           text        not null,
    ignore_minutes   int,
    state            text        not null,
    intent           bigint      not null default 1,
    attempts         int         not null default 0,
    next_attempt_at  timestamptz not null,
    lease_token      uuid,
    lease_until      timestamptz,
    detail           text,
    requested_at     timestamptz not null,
    updated_at       timestamptz not null,
    constraint sentry_sync_target check (target in ('resolved', 'ignored', 'unresolved')),
    constraint sentry_sync_state check (state in ('PENDING', 'SENDING', 'SYNCED', 'FAILED', 'DEAD'))
);
create index sentry_sync_due on sentry_sync (next_attempt_at) where state in ('PENDING', 'SENDING');

-- Seer (Sentry's AI): the pull request it opened for the incident's issue, shown as a button.
alter table incident add column seer_pr_url text;
