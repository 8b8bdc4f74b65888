#!/usr/bin/env bash
# Retention under load: does deleting a million old rows raise intake p99?
#
#   bench/drill-retention.sh   (ROWS=1000000 RATE=1000 RUN_SECONDS=120 WARM_SECONDS=90 PAUSE=20ms BUSY_SHARE=0.2
#                               LEAD=240 by default; needs root for apt-get and the PostgreSQL user)
#
# Starts a throwaway PostgreSQL 15 and the packaged service (worker on, retention every 5 s), warms it up flat out,
# then runs two windows of ingest paced at RATE/s (wrk + bench/ingest.lua, as in bench/run.sh):
#   1. without retention work: the job runs every 5 s and finds nothing;
#   2. with it: ROWS old deliveries (60 % past the 90 days of deliveries, bodies already dropped: deleted; 40 % past
#      the 30 days of bodies: bodies dropped) and ROWS occurrences past their 8 days. They are written, committed,
#      frozen by VACUUM and checkpointed before the window, with timestamps that pass their retention at one
#      instant, LEAD seconds after the load starts, as the window starts; the next retention pass (within 5 s) works
#      them off in batches of 1,000 while wrk keeps ingesting. The window measures the deletes, not the load.
# Prints both windows side by side and how long the pass took, and checks that every old row is gone.
# NO_DRAIN=1 skips waiting for the worker's backlog after the warm-up and window 1 (a busy machine: the worker then
# works on in the background of both windows alike).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
RATE=${RATE:-1000}
RUN_SECONDS=${RUN_SECONDS:-120}
WARM_SECONDS=${WARM_SECONDS:-90}
PAUSE=${PAUSE:-20ms}
LEAD=${LEAD:-240}
BUSY_SHARE=${BUSY_SHARE:-0.2}

. bench/lib.sh
start_service TRIAGE_RETENTION_EVERY=5s TRIAGE_RETENTION_PAUSE="$PAUSE" TRIAGE_RETENTION_BUSY_SHARE="$BUSY_SHARE"

make_template

echo "warming up for ${WARM_SECONDS}s..." >&2
ingest_wrk warm "$WARM_SECONDS" >/dev/null
[ -n "${NO_DRAIN:-}" ] || wait_drain >/dev/null

echo "window 1: ${RATE}/s for ${RUN_SECONDS}s, no retention work..." >&2
BASE=$(ingest_wrk base "$RUN_SECONDS" "$RATE")
echo "window 1: $BASE" >&2  # shown at once: the summary waits for the retention pass
[ -n "${NO_DRAIN:-}" ] || wait_drain >/dev/null

# The old rows are written, committed, vacuumed and checkpointed BEFORE window 2, as rows that aged in place would be
# (an installation's old rows were written long ago): their timestamps lie just inside the retention, so they all
# pass it at one instant T, as window 2 starts, and the next retention pass (within 5 s) works them off while wrk
# keeps ingesting. Window 2 measures the deletes, not the load or the first vacuum of a million new rows.
# The rows are as retention finds them in an installation: deliveries past 90 days have had their bodies dropped at
# 30 days; those between 30 and 90 days still have them.
OLD_DELETE=$(( ROWS * 6 / 10 ))
T=$(( $(date +%s) + LEAD ))
echo "loading $ROWS old deliveries and $ROWS old occurrences, all past their retention at $(date -u -d @$T +%T)..." >&2
LOAD_START=$(date +%s.%N)
$PSQL -d triage -v ON_ERROR_STOP=1 >/dev/null <<SQL
begin;
insert into incident (source, project, issue_id, title, base_risk, risk, status, first_seen, last_seen, status_changed_at)
select 'sentry', 'bench-old', 'old-' || i, 'old issue ' || i, 'HIGH', 'HIGH', 'RESOLVED',
       now() - interval '200 days', now() - interval '10 days', now() - interval '10 days'
from generate_series(1, 100) i;
insert into delivery (id, received_at, resource, action, digest, body, status, attempts, next_attempt_at, processed_at)
select gen_random_uuid(),
       to_timestamp($T) - case when i <= $OLD_DELETE then interval '90 days' else interval '30 days' end
         - i * interval '1 microsecond',
       'event_alert', 'triggered', sha256(('old-' || i)::bytea),
       case when i <= $OLD_DELETE then null else convert_to(repeat(md5(i::text), 8), 'UTF8') end, 'DONE', 1,
       now() - interval '100 days', now() - interval '100 days'
from generate_series(1, $ROWS) i;
insert into incident_occurrence (incident_id, occurred_at, delivery_id)
select ids.a[1 + i % 100], to_timestamp($T) - interval '8 days' - i * interval '1 microsecond', gen_random_uuid()
from generate_series(1, $ROWS) i,
     (select array_agg(id order by id) a from incident where project = 'bench-old') ids;
commit;
vacuum (freeze, analyze) delivery;
vacuum (freeze, analyze) incident_occurrence;
checkpoint;
SQL
LOADED_AT=$(date +%s.%N)
NOW=$(date +%s)
if [ "$NOW" -ge "$T" ]; then
  echo "writing the old rows took $((NOW - T + LEAD))s, longer than LEAD=${LEAD}s: raise LEAD" >&2; exit 1
fi
sleep $(( T - NOW ))

echo "window 2: ${RATE}/s for ${RUN_SECONDS}s while retention deletes them..." >&2
LINES_BEFORE=$(grep -c "retention:" "$WORK/service.log" || true)
ingest_wrk with "$RUN_SECONDS" "$RATE" >"$WORK/with.out" &
WRK_PID=$!
START=$(date +%s.%N)
DONE_AT=""
lines() { grep -c "retention:" "$WORK/service.log" || true; }
SEEN=$LINES_BEFORE
while kill -0 "$WRK_PID" 2>/dev/null; do
  n=$(lines); [ "$n" -gt "$SEEN" ] && SEEN=$n && DONE_AT=$(date +%s.%N)
  sleep 0.5
done
wait "$WRK_PID"
WITH=$(tail -1 "$WORK/with.out")
echo "window 2: $WITH" >&2
left() {
  $PSQL -d triage -c "select (select count(*) from delivery where received_at < now() - interval '90 days')
    || ' ' || (select count(*) from delivery where received_at < now() - interval '30 days' and body is not null)
    || ' ' || (select count(*) from incident_occurrence where occurred_at < now() - interval '8 days')"
}
# a pass that outlasts the window: wait for it (nothing is measured any more)
for _ in $(seq 1 300); do
  n=$(lines); [ "$n" -gt "$SEEN" ] && SEEN=$n && DONE_AT=$(date +%s.%N)
  LEFT=$(left)
  [ "$LEFT" = "0 0 0" ] && break
  sleep 2
done
PASS=$(grep "retention:" "$WORK/service.log" | tail -n +$((LINES_BEFORE + 1)) | sed 's/.*retention: //' | paste -sd ';' -)
echo
echo "sentry-triage retention drill — $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$ROWS old deliveries + $ROWS old occurrences; batches of 1,000, pause $PAUSE, busy share $BUSY_SHARE; ingest paced at ${RATE}/s, ${RUN_SECONDS}s per window"
printf '%-34s %9s %8s %8s %8s %9s  %s\n' "window" "ok/s" "p50 ms" "p90 ms" "p99 ms" "max ms" "answers"
row() {
  printf '%-34s %9s %8s %8s %8s %9s  %s\n' "$1" "$(field ok_per_s "$2")" "$(field p50_ms "$2")" \
    "$(field p90_ms "$2")" "$(field p99_ms "$2")" "$(field max_ms "$2")" "$(field codes "$2") errors=$(field errors "$2")"
}
row "without retention work" "$BASE"
row "while retention deletes" "$WITH"
secs() { python3 -c "print(f'{float($2)-float($1):.1f}')"; }
echo "retention pass: ${PASS:-none}"
echo "old rows written, vacuumed and checkpointed in $(secs "$LOAD_START" "$LOADED_AT")s; retention done $( [ -n "$DONE_AT" ] && secs "$START" "$DONE_AT" || echo '?')s after they aged past it (window: ${RUN_SECONDS}s)"
read -r L1 L2 L3 <<<"$LEFT"
verdict=OK
[ "$L1" = 0 ] && [ "$L2" = 0 ] && [ "$L3" = 0 ] || verdict=LEFTOVER
echo "left after the pass: deliveries older than 90 days=$L1, bodies older than 30 days=$L2, occurrences older than 8 days=$L3: $verdict"
[ "$verdict" = OK ]
