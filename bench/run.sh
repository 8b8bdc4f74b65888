#!/usr/bin/env bash
# Ingest benchmark of sentry-triage against the ceilings of the same machine, in one run.
#
#   bench/run.sh            (RUN_SECONDS=20, RATE=1000, WARM_SECONDS=90, PACED_WARM_SECONDS=120 by default; needs root
#                            for apt-get and the PostgreSQL user; APP_JAR picks another build, SERVICE_ENV adds
#                            settings to the service, e.g. "TRIAGE_WORKER_BATCH_SIZE=250"; takes about 14 minutes)
#
# Starts a throwaway PostgreSQL 15 (Debian's, durable defaults: fsync and synchronous_commit on) and the packaged
# service on it, then measures, all on this machine (load generator, service and database share the cores). Every
# ingest run follows a warm-up of WARM_SECONDS flat out: on 2 cores the JIT compilers need about a minute and a half
# of load before compilation settles (measured with -XX:+PrintCompilation: thousands of compilations in the first
# 10 s, a few hundred per 10 s up to ~70 s, then ~100), and a service in production runs warm.
#   1. intake alone: the service with its worker off, wrk + bench/ingest.lua flat out (unique signed event_alert
#      bodies over 50 issues, 32 connections)
#   2. worker alone: the service restarted with its worker on drains the backlog that run left (deliveries a second)
#   3. the lean ceiling, with the service idle: pgbench, the real body as jsonb into a table with only a primary key
#      and a unique digest, single-row inserts each its own transaction, 16 clients
#   4. HTTP ceiling: wrk, GET /q/health/live flat out (the same server, nothing behind it)
#   5. ingest at a fixed rate, worker on, on an empty backlog (checkpointed and vacuumed first), after PACED_WARM_SECONDS
#      at that rate: RATE requests a second on an absolute schedule (each wrk thread hands its next send time to
#      whichever of its 32 connections is idle; latency from the actual send); three rounds, the one with the median
#      p99 shown
#   6. ingest flat out, worker on (deliveries become incidents at the same time, as in production)
#      while it runs: deliveries processed a second and the service's resident memory (RSS), at the heap limit
#      JAVA_OPTS (default -Xmx256m). Flat out, 32 connections overload the two cores: intake and worker fight for
#      them, so this shows how the service degrades, not the rate it sustains
#   7. sustained: ingest paced at 0.75 and at 1.0 of the lean ceiling, worker on, each after a checkpoint and a
#      vacuum of delivery: accepted and processed a second, the backlog at half time and at the end, how long it
#      took to drain; "flat" when the schedule was kept (97 %), the backlog did not grow in the second half (by less
#      than 2 % of the rate a second) and less than a second of deliveries was in flight at the end
#   8. the worker alone, warm: N_WORKER deliveries (default 40,000) stored straight into the table for each of:
#      10,000 incidents evenly, 95 % into 10 hot incidents, every delivery a new issue (bench/worker.sh)
#   9. database ceilings: pgbench into the delivery table itself, 32 clients, of the body the service stores (the
#      template with a random event id) and of a synthetic body of the same length that compresses to almost nothing
#      (the first definition of this ceiling, kept)
# and prints one table, our figures as ratios of the ceilings, and the integrity check: every 2xx answer is a stored
# row, and the worker turned every delivery into exactly one occurrence.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${RUN_SECONDS:-20}
RATE=${RATE:-1000}
WARM_SECONDS=${WARM_SECONDS:-90}
PACED_WARM_SECONDS=${PACED_WARM_SECONDS:-120}
N_WORKER=${N_WORKER:-40000}
export JAVA_OPTS=${JAVA_OPTS:--Xmx256m}

. bench/lib.sh
start_service TRIAGE_WORKER_ENABLED=false ${SERVICE_ENV:-}

make_template
ceiling_wrk() {
  local out; out=$(wrk -t2 -c32 -d"$1"s --latency "http://127.0.0.1:$APPPORT/q/health/live")
  python3 - "$out" <<'PY'
import re, sys
t = sys.argv[1]
def ms(label):
    m = re.search(r"^\s*" + label + r"%\s+([\d.]+)(us|ms|s)", t, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
mx = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", t)
mxv = float(mx.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[mx.group(2)]
print(f"ok_per_s={rps:.0f} p50_ms={ms('50'):.2f} p90_ms={ms('90'):.2f} p99_ms={ms('99'):.2f} max_ms={mxv:.2f} codes=200 errors=0")
PY
}

pg_ceiling() {
  local out; out=$(pgbench -h 127.0.0.1 -p "$PGPORT" -U postgres -n -c "${2:-32}" -j 2 -T "$RUN_SECONDS" -f "$1" triage 2>&1)
  echo "tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -1) lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")"
}
# sustained SHARE: ingest paced at SHARE of the lean ceiling for RUN_SECONDS, worker on; prints the key=value line
# rate accepted processed mid backlog drain verdict. "flat" when the schedule was kept (97 % of the requests answered
# 2xx), the backlog grew between the middle of the run and its end by less than 2 % of the rate a second, and what was
# left at the end (deliveries in flight) was under one second of the rate; "growing" otherwise
sustained() {
  local rate t0 t1 out p mid left d verdict
  rate=$(python3 -c "print(round($1 * float('$DB_LEAN')))")
  clean_slate
  t0=$($PSQL -d triage -c "select now()")
  ( sleep $(( RUN_SECONDS / 2 )); unfinished >"$WORK/mid" ) &
  out=$(ingest_wrk "sustained$1" "$RUN_SECONDS" "$rate")
  t1=$($PSQL -d triage -c "select now()")
  p=$(processed_between "$t0" "$t1"); left=$(unfinished); mid=$(cat "$WORK/mid"); d=$(wait_drain)
  verdict=$(python3 -c "print('flat' if $(field ok_per_s "$out") >= 0.97 * $rate and ($left - $mid) / ($RUN_SECONDS / 2)
                        < 0.02 * $rate and $left < $rate else 'growing')")
  echo "rate=$rate accepted=$(field ok_per_s "$out") ok=$(field ok "$out") p99_ms=$(field p99_ms "$out") processed=$p" \
    "mid=$mid backlog=$left drain=$d verdict=$verdict"
}

echo "intake alone (worker off): warming up for ${WARM_SECONDS}s..." >&2
WARM2=$(ingest_wrk warm2 "$WARM_SECONDS")
ALONE=$(ingest_wrk alone "$RUN_SECONDS")
BACKLOG=$($PSQL -d triage -c "select count(*) from delivery where status = 'PENDING'")
kill_app 15
echo "worker alone: draining a backlog of $BACKLOG deliveries..." >&2
start_app ${SERVICE_ENV:-}
DRAIN2=$(wait_drain)

echo "worker on: warming up for ${WARM_SECONDS}s..." >&2
WARM=$(ingest_wrk warm "$WARM_SECONDS")
wait_drain >/dev/null
worker_settle  # nothing of the service's runs beside a ceiling
# the lean ceiling now, on the same PostgreSQL with the service idle: the sustained runs are paced at shares of it.
# The real body as jsonb into a table with only a primary key and a unique digest, 16 clients.
worker_setup_template
$PSQL -d triage -c "create table bench_lean (id uuid primary key, digest bytea not null unique, body jsonb not null)" >/dev/null
cat >"$WORK/insert-lean.sql" <<'SQL'
\set issue random(900000, 900049)
insert into bench_lean (id, digest, body)
select gen_random_uuid(), sha256(convert_to(b, 'UTF8')), b::jsonb
from (select replace(replace(body, '@EVENT@', md5(random()::text)), '@ISSUE@', :issue::text) b from bench_template) x;
SQL
chmod 644 "$WORK/insert-lean.sql"
PG_LEAN=$(pg_ceiling "$WORK/insert-lean.sql" 16)
DB_LEAN=$(field tps "$PG_LEAN")
clean_slate
CEIL=$(ceiling_wrk "$RUN_SECONDS")
# the paced shape compiles what the flat-out warm-up did not (jcmd's sun.ci.totalCompiles after the flat-out warm-up:
# 1,061 new compilations in the first 20 s at 1,000/s, 125-190 a 20 s round after 2 minutes, under 100 after 2.5), so
# the rounds follow PACED_WARM_SECONDS at RATE
echo "ingest paced at ${RATE}/s: warming up the paced shape for ${PACED_WARM_SECONDS}s..." >&2
ingest_wrk pacedwarm "$PACED_WARM_SECONDS" "$RATE" >/dev/null
wait_drain >/dev/null
clean_slate
# three paced rounds: one round's tail swings with whatever else the machine does in those seconds (with the worker
# off as much as with it on), so the table shows the round with the median p99 and all three p99s are printed
FIXED_ROUNDS=()
for _ in 1 2 3; do FIXED_ROUNDS+=("$(ingest_wrk fixed "$RUN_SECONDS" "$RATE")"); done
FIXED_OK=0 FIXED_P99S=""
for r in "${FIXED_ROUNDS[@]}"; do
  FIXED_OK=$(( FIXED_OK + $(field ok "$r") )); FIXED_P99S+="${FIXED_P99S:+ / }$(field p99_ms "$r")"
done
FIXED=$(for r in "${FIXED_ROUNDS[@]}"; do echo "$(field p99_ms "$r") $r"; done | sort -n | sed -n '2s/^[^ ]* //p')
T0=$($PSQL -d triage -c "select now()")
( peak=0; while kill -0 "$APP_PID" 2>/dev/null; do
    r=$(ps -o rss= -p "$APP_PID" 2>/dev/null || echo 0); [ "${r:-0}" -gt "$peak" ] && peak=$r && echo "$peak" >"$WORK/rss"
    sleep 1; done ) &
RSS_PID=$!
FLAT=$(ingest_wrk flat "$RUN_SECONDS")
kill "$RSS_PID" 2>/dev/null || true
T1=$($PSQL -d triage -c "select now()")
PROCESSED=$(processed_between "$T0" "$T1")
LEFT=$(unfinished)
DRAIN=$(wait_drain)
echo "sustained: paced at 0.75 and 1.0 of the lean ceiling ($DB_LEAN/s)..." >&2
SUST75=$(sustained 0.75)
SUST100=$(sustained 1.0)
echo "worker alone: $N_WORKER deliveries a scenario..." >&2
worker_scenarios "$N_WORKER"

integrity_counts
ACKED=$(( $(field ok "$WARM") + $(field ok "$FLAT") + FIXED_OK + $(field ok "$WARM2") + $(field ok "$ALONE")
           + $(field ok "$SUST75") + $(field ok "$SUST100") ))

# the body the service stores: the same template, a random event id and one of the 50 issues
worker_setup_template
[ "$($PSQL -d triage -c "select count(*) from bench_template where body like '{%' and length(body) = $(wc -c <"$WORK/template.json")")" = 1 ]
cat >"$WORK/insert.sql" <<'SQL'
\set issue random(900000, 900049)
insert into delivery (id, received_at, resource, action, request_id, hook_timestamp, digest, body, status, next_attempt_at)
select gen_random_uuid(), now(), 'event_alert', 'triggered', null, '1700000000', sha256(b), b, 'IGNORED', now()
from (select convert_to(replace(replace(body, '@EVENT@', md5(random()::text)), '@ISSUE@', :issue::text), 'UTF8') b
      from bench_template) x
on conflict (digest) do nothing;
SQL
# the same insert with a synthetic body of the same length that compresses to almost nothing (this benchmark's
# first definition of the ceiling, kept for comparison: PostgreSQL compresses a real body at each insert)
cat >"$WORK/insert-synthetic.sql" <<'SQL'
\set n random(1, 1000000000)
insert into delivery (id, received_at, resource, action, request_id, hook_timestamp, digest, body, status, next_attempt_at)
values (gen_random_uuid(), now(), 'event_alert', 'triggered', null, '1700000000',
        sha256((random()::text || :n)::bytea), convert_to(repeat(md5(random()::text), 130), 'UTF8'), 'IGNORED', now())
on conflict (digest) do nothing;
SQL
chmod 644 "$WORK"/insert.sql "$WORK"/insert-synthetic.sql
worker_settle  # the new-issue scenario's analyses run after its deliveries: not beside the ceilings
PG_REAL=$(pg_ceiling "$WORK/insert.sql")
PG_SYNTH=$(pg_ceiling "$WORK/insert-synthetic.sql")
DB_TPS=$(field tps "$PG_REAL")
DB_SYNTH=$(field tps "$PG_SYNTH")

ratio() { python3 -c "print(f'{float($1)/float($2):.2f}')"; }
echo
echo "sentry-triage ingest benchmark — $(date -u +%FT%TZ), $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "each run ${RUN_SECONDS}s; load generator, service and PostgreSQL share the same machine"
printf '%-40s %9s %8s %8s %8s %9s  %s\n' "run" "ok/s" "p50 ms" "p90 ms" "p99 ms" "max ms" "answers"
row() {
  printf '%-40s %9s %8s %8s %8s %9s  %s\n' "$1" "$(field ok_per_s "$2")" "$(field p50_ms "$2")" \
    "$(field p90_ms "$2")" "$(field p99_ms "$2")" "$(field max_ms "$2")" "$(field codes "$2") errors=$(field errors "$2")"
}
row "HTTP ceiling (wrk GET /q/health/live)" "$CEIL"
row "ingest flat out, worker on (wrk)" "$FLAT"
row "ingest paced at ${RATE}/s, worker on (wrk)" "$FIXED"
echo "  (the median of three rounds by p99; their p99s: $FIXED_P99S ms)"
row "ingest flat out, worker off (wrk)" "$ALONE"
printf '%-40s %9s %8s\n' "lean ceiling (pgbench jsonb, 16 cl.)" "${DB_LEAN%.*}" "avg $(field lat "$PG_LEAN")"
printf '%-40s %9s %8s\n' "DB ceiling, real body (pgbench, 32 cl.)" "${DB_TPS%.*}" "avg $(field lat "$PG_REAL")"
printf '%-40s %9s %8s\n' "DB ceiling, synthetic body (32 clients)" "${DB_SYNTH%.*}" "avg $(field lat "$PG_SYNTH")"
echo
echo "ingest / HTTP ceiling: $(ratio "$(field ok_per_s "$FLAT")" "$(field ok_per_s "$CEIL")") (worker on), $(ratio "$(field ok_per_s "$ALONE")" "$(field ok_per_s "$CEIL")") (worker off)"
echo "ingest / DB ceiling:   $(ratio "$(field ok_per_s "$FLAT")" "$DB_TPS") (worker on), $(ratio "$(field ok_per_s "$ALONE")" "$DB_TPS") (worker off) against the real body;" \
  "$(ratio "$(field ok_per_s "$FLAT")" "$DB_SYNTH") and $(ratio "$(field ok_per_s "$ALONE")" "$DB_SYNTH") against the synthetic one"
echo "flat out, worker on: accepted $(field ok_per_s "$FLAT")/s, processed ${PROCESSED}/s in the same ${RUN_SECONDS}s," \
  "backlog at its end $LEFT; processed / lean ceiling: $(ratio "$PROCESSED" "$DB_LEAN"), accepted / lean ceiling: $(ratio "$(field ok_per_s "$FLAT")" "$DB_LEAN")"
sust_line() {
  echo "sustained at $1 of the lean ceiling: paced $(field rate "$2")/s, accepted $(field accepted "$2")/s, processed" \
    "$(field processed "$2")/s in the same ${RUN_SECONDS}s, backlog $(field mid "$2") at half time and" \
    "$(field backlog "$2") at the end, drained $(field drain "$2")s after, p99 $(field p99_ms "$2") ms: $(field verdict "$2")"
}
sust_line 0.75 "$SUST75"
sust_line 1.0 "$SUST100"
echo "memory: peak RSS $(( $(cat "$WORK/rss" 2>/dev/null || echo 0) / 1024 )) MiB during the flat-out run, with JAVA_OPTS=$JAVA_OPTS"
echo
worker_table
echo
echo "worker alone: a backlog of $BACKLOG deliveries drained in ${DRAIN2}s ($(python3 -c "print(f'{$BACKLOG/max($DRAIN2,0.1):.0f}')")/s)"
verdict=$INTEGRITY
# wrk counts only answers that arrived before its deadline, so a few more rows than 2xx answers may be stored
[ "$STORED" -ge "$ACKED" ] || verdict=MISMATCH
echo "integrity: 2xx answers=$ACKED, deliveries stored=$STORED, processed=$DONE, occurrences=$OCC (distinct deliveries $DISTINCT): $verdict"
echo "backlog drained ${DRAIN}s after the worker-on runs"
[ "$verdict" = OK ]
