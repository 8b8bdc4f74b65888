-- The counts over 1 h / 24 h / 7 d read an incident's occurrences a minute at a time: at most one row a minute of its
-- week (10,080), not one row an occurrence (a storm's hot incident has millions, and a worker batch counted them all
-- again). Kept in the inserting transaction by a statement trigger on incident_occurrence, so every writer of an
-- occurrence keeps them; deleting old occurrences leaves them (retention deletes minutes older than the week itself).
create table incident_occurrence_minute (
    incident_id  bigint      not null references incident (id) on delete cascade,
    minute       timestamptz not null,
    occurrences  bigint      not null,
    primary key (incident_id, minute)
);

-- one statement's occurrences (a worker batch sends a few multi-row inserts) added to their minutes, in key order, so
-- two transactions that add to the same minutes take their row locks in the same order
create function incident_occurrence_add_minutes() returns trigger language plpgsql as $$
begin
    insert into incident_occurrence_minute as m (incident_id, minute, occurrences)
    select incident_id, date_trunc('minute', occurred_at), count(*) from inserted group by 1, 2 order by 1, 2
    on conflict (incident_id, minute) do update set occurrences = m.occurrences + excluded.occurrences;
    return null;
end
$$;

create trigger incident_occurrence_minutes after insert on incident_occurrence
    referencing new table as inserted for each statement execute function incident_occurrence_add_minutes();

-- the occurrences already stored, counted after the trigger exists: creating it locked incident_occurrence against
-- inserts until this migration commits, so none is missed or counted twice by a replica still running the old version
insert into incident_occurrence_minute (incident_id, minute, occurrences)
select incident_id, date_trunc('minute', occurred_at), count(*)
from incident_occurrence
where occurred_at >= now() - interval '8 days'
group by 1, 2;
