-- Analysis job: a lease on the incident row, so one replica analyzes an incident at a time and a crashed worker's
-- claim expires. The lease is separate from the row lock: the analyzer runs outside any transaction.
alter table incident add column analysis_lease_token uuid;
alter table incident add column analysis_lease_until timestamptz;
