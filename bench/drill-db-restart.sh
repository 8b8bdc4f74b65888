#!/usr/bin/env bash
# Fault drill: PostgreSQL is stopped (immediate mode: like a crash) under load and started again a few seconds later.
# Pass: while it is down the webhook answers 503 (never a 2xx, never a 500); every delivery that got a 202 is
# processed exactly once after it is back.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
start_service

RATE=${RATE:-300}
SECONDS_LOAD=${SECONDS_LOAD:-20}
load --rate "$RATE" --seconds "$SECONDS_LOAD" --run "dbr$RANDOM" --ack-log "$WORK/acks.txt" >"$WORK/load.txt" &
LOAD_PID=$!
sleep "${STOP_AFTER:-5}"
stop_pg immediate
echo "PostgreSQL stopped (immediate) at ${STOP_AFTER:-5}s; down for ${DOWN_FOR:-5}s" >&2
sleep "${DOWN_FOR:-5}"
start_pg
wait $LOAD_PID
DRAIN=$(wait_drain)
IFS='|' read -r ACKED MISSING NOT_DONE TWICE <<<"$(check_acks "$WORK/acks.txt")"
CODES=$(field codes "$(cat "$WORK/load.txt")")
echo "load: $(cat "$WORK/load.txt")"
echo "database restart drill: answers=$CODES acknowledged=$ACKED missing=$MISSING not_processed=$NOT_DONE processed_twice=$TWICE (drained ${DRAIN}s after)"
! grep -q '500:' <<<"$CODES" && grep -q '503:' <<<"$CODES" && [ "$MISSING" = 0 ] && [ "$NOT_DONE" = 0 ] && [ "$TWICE" = 0 ]
