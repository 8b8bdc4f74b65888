#!/usr/bin/env bash
# Ingest benchmark of sentry-triage against the ceilings of the same machine, in one run.
#
#   bench/run.sh            (RUN_SECONDS=15 by default; needs root for apt-get and the PostgreSQL user)
#
# Starts a throwaway PostgreSQL 15 (Debian's, durable defaults: fsync and synchronous_commit on), the packaged
# service on it, and then measures with the same load generator (bench/LoadGen.java):
#   1. HTTP ceiling: GET /q/health/live flat out (the same server, nothing behind it)
#   2. ingest flat out: unique signed event_alert bodies over 50 issues, 32 connections
#   3. ingest at a fixed rate of 1,000/s (open model: latency from the intended send time)
#   4. database ceiling: pgbench single-row inserts of a delivery-sized row, 16 clients
# and prints one table, our figures as ratios of the ceilings, plus the integrity check: every 2xx answer is a
# stored row, and the worker drained every delivery into incidents.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${RUN_SECONDS:-15}
RATE=${RATE:-1000}

. bench/lib.sh
ensure_tools
start_pg
start_app


echo "warming up..." >&2
WARM=$(load --connections 16 --seconds 8 --run "warm$RANDOM")
CEIL=$(load --connections 32 --seconds "$RUN_SECONDS" --get "http://127.0.0.1:$APPPORT/q/health/live")
FLAT=$(load --connections 32 --seconds "$RUN_SECONDS" --run "flat$RANDOM")
FIXED=$(load --rate "$RATE" --seconds "$RUN_SECONDS" --run "fixed$RANDOM")

DRAIN=$(wait_drain)
STORED=$($PSQL -d triage -c "select count(*) from delivery")
ACKED=$(( $(field ok "$WARM") + $(field ok "$FLAT") + $(field ok "$FIXED") ))
DONE=$($PSQL -d triage -c "select count(*) from delivery where status = 'DONE'")
OCC=$($PSQL -d triage -c "select coalesce(sum(occurrences),0) from incident")

$PSQL -c "create table bench_insert (id uuid primary key, digest bytea unique, body bytea, received_at timestamptz)" >/dev/null
cat >"$WORK/insert.sql" <<'SQL'
insert into bench_insert values (gen_random_uuid(), sha256(random()::text::bytea), convert_to(repeat('x', 4000), 'UTF8'), now());
SQL
chmod 644 "$WORK/insert.sql"
PGB=$(pgbench -h 127.0.0.1 -p "$PGPORT" -U postgres -n -c 16 -j 2 -T "$RUN_SECONDS" -f "$WORK/insert.sql" postgres 2>&1)
DB_TPS=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$PGB" | head -1)
DB_LAT=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$PGB")

ratio() { python3 -c "print(f'{float($1)/float($2):.2f}')"; }
echo
echo "sentry-triage ingest benchmark — $(date -u +%FT%TZ), $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "each run ${RUN_SECONDS}s; load generator, service and PostgreSQL share the same machine"
printf '%-34s %10s %8s %8s %8s %9s  %s\n' "run" "ok/s" "p50 ms" "p90 ms" "p99 ms" "max ms" "answers"
for name in CEIL FLAT FIXED; do
  line=${!name}
  case $name in CEIL) label="HTTP ceiling (GET /q/health/live)";; FLAT) label="ingest flat out (32 conns)";; FIXED) label="ingest at ${RATE}/s";; esac
  printf '%-34s %10s %8s %8s %8s %9s  %s\n' "$label" "$(field ok_per_s "$line")" "$(field p50_ms "$line")" \
    "$(field p90_ms "$line")" "$(field p99_ms "$line")" "$(field max_ms "$line")" "$(field codes "$line") errors=$(field errors "$line")"
done
printf '%-34s %10s %8s\n' "DB ceiling (pgbench inserts, 16c)" "${DB_TPS%.*}" "avg ${DB_LAT}"
echo
echo "ingest / HTTP ceiling: $(ratio "$(field ok_per_s "$FLAT")" "$(field ok_per_s "$CEIL")")   ingest / DB ceiling: $(ratio "$(field ok_per_s "$FLAT")" "$DB_TPS")"
verdict=OK
[ "$ACKED" = "$STORED" ] && [ "$STORED" = "$DONE" ] && [ "$DONE" = "$OCC" ] || verdict=MISMATCH
echo "integrity: 2xx answers=$ACKED, deliveries stored=$STORED, processed=$DONE, occurrences counted=$OCC: $verdict (worker drained the backlog ${DRAIN}s after the load)"
[ "$verdict" = OK ]
