-- Silences (issue 14): matchers over incident fields, a time range, and for maintenance windows a weekly
-- recurrence. Every replica reads them from here; an expired silence is kept (ends_at in the past) for the API.
create table silence (
    id              uuid primary key,
    matchers        text        not null,  -- JSON array of {"field","op","value"}
    starts_at       timestamptz not null,
    ends_at         timestamptz,           -- null only for a recurring silence without an end
    comment         text,
    created_by      text        not null,
    created_at      timestamptz not null,
    recur_days      text,                  -- e.g. MON,TUE,WED: set together with the three below, or none of them
    recur_start     text,                  -- HH:mm wall-clock time in recur_zone
    recur_duration  text,                  -- ISO-8601, e.g. PT2H
    recur_zone      text,
    constraint silence_range check (ends_at is null or ends_at >= starts_at),
    constraint silence_recurrence check ((recur_days is null) = (recur_start is null)
                                         and (recur_days is null) = (recur_duration is null)
                                         and (recur_days is null) = (recur_zone is null)
                                         and (ends_at is not null or recur_days is not null))
);
create index silence_ends on silence (ends_at);

-- A notification held back by a silence: since when the silences that hold it started. When it is due again and no
-- silence holds it any more, it goes out only if the incident is still open and fired since then.
alter table notification add column held_since timestamptz;
