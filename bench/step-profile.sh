#!/usr/bin/env bash
# Where one sustained step's CPU goes: the service warmed flat out, then ingest paced at RATE for RUN_SECONDS with the
# worker on (the shape of bench/run.sh's sustained step), and over that step: CPU seconds of the service and of
# PostgreSQL a delivery (from /proc, so the load generator is left out), PostgreSQL's costliest statements
# (pg_stat_statements, reset at the start of the step) and, with PROFILE=cpu|wall, async-profiler's collapsed stacks.
# Compare two builds by alternating them (A B A B): the CPU a delivery moves far less between runs on this machine
# than the rates do.
#
#   bench/step-profile.sh          (RATE=2000 RUN_SECONDS=20 WARM_SECONDS=120; root; about 3.5 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-2000}
RUN_SECONDS=${RUN_SECONDS:-20}
WARM_SECONDS=${WARM_SECONDS:-120}
export JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
export PG_EXTRA="${PG_EXTRA:-} -c shared_preload_libraries=pg_stat_statements"
[ -n "${PROFILE:-}" ] && KEEP_WORK=1
. bench/lib.sh
start_service ${SERVICE_ENV:-}
$PSQL -d triage -c "create extension if not exists pg_stat_statements" >/dev/null
make_template
echo "warming up flat out for ${WARM_SECONDS}s..." >&2
ingest_wrk warm "$WARM_SECONDS" >/dev/null
wait_drain >/dev/null
clean_slate
ticks() { local t=0 p; for p in "$@"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done; echo "$t"; }
$PSQL -d triage -c "select pg_stat_statements_reset()" >/dev/null
[ -n "${PROFILE:-}" ] && profile_start "$PROFILE"
J0=$(ticks "$APP_PID"); P0=$(ticks $(pgrep -u postgres postgres))
T0=$($PSQL -d triage -c "select now()")
OUT=$(ingest_wrk paced "$RUN_SECONDS" "$RATE")
T1=$($PSQL -d triage -c "select now()")
J1=$(ticks "$APP_PID"); P1=$(ticks $(pgrep -u postgres postgres))
[ -n "${PROFILE:-}" ] && profile_stop
PROCESSED=$(processed_between "$T0" "$T1")
LEFT=$(unfinished)
HZ=$(getconf CLK_TCK)
echo
echo "step paced at $RATE/s for ${RUN_SECONDS}s, worker on — $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "accepted $(field ok_per_s "$OUT")/s, processed ${PROCESSED}/s, backlog at the end $LEFT, p99 $(field p99_ms "$OUT") ms"
python3 - "$J0" "$J1" "$P0" "$P1" "$HZ" "$(field ok "$OUT")" <<'PY'
import sys
j0, j1, p0, p1, hz, ok = (int(float(a)) for a in sys.argv[1:])
java, pg = (j1 - j0) / hz, (p1 - p0) / hz
print(f"CPU over the step: service {java:.1f} s, PostgreSQL {pg:.1f} s; a delivery accepted: service "
      f"{1000 * java / ok:.3f} ms, PostgreSQL {1000 * pg / ok:.3f} ms, both {1000 * (java + pg) / ok:.3f} ms")
PY
echo "PostgreSQL's costliest statements over the step (total ms | calls | rows | mean ms | statement):"
$PSQL -d triage -F ' | ' -c "select round(total_exec_time), calls, rows, round(mean_exec_time::numeric, 3),
    left(regexp_replace(query, '\s+', ' ', 'g'), 110) from pg_stat_statements order by total_exec_time desc limit 12"
