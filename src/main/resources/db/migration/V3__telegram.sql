-- Telegram delivery state. V2 is left to the analysis work that runs in parallel.

-- Which chat and message a notification went to, and the lease of the sender that holds it.
alter table notification
    add column chat_id     text,
    add column message_id  bigint,
    add column lease_token uuid;
create index notification_sending on notification (incident_id) where status = 'SENDING';

-- The message of each incident's current episode: later updates edit it, at most once per edit interval.
create table telegram_message (
    incident_id      bigint primary key references incident (id) on delete cascade,
    chat_id          text        not null,
    thread_id        int,
    message_id       bigint      not null,
    notification_id  bigint,
    sent_at          timestamptz not null,
    last_edit_at     timestamptz not null
);

-- Groups that Telegram upgraded to supergroups (migrate_to_chat_id): followed until the configuration is changed.
create table telegram_chat_migration (
    old_chat_id  text primary key,
    new_chat_id  text        not null,
    migrated_at  timestamptz not null
);

-- Updates from /webhooks/telegram already applied, so a redelivered update_id changes nothing.
create table telegram_update (
    update_id    bigint primary key,
    received_at  timestamptz not null
);
create index telegram_update_received on telegram_update (received_at);
