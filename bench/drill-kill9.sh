#!/usr/bin/env bash
# Fault drill: the service is killed with SIGKILL under load and started again.
# Pass: every delivery that got a 202 is stored and processed exactly once (the sender's log of acknowledged ids
# against the database). Deliveries sent while the service was down got no 202: Sentry would see a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
start_service

RATE=${RATE:-300}
SECONDS_LOAD=${SECONDS_LOAD:-20}
load --rate "$RATE" --seconds "$SECONDS_LOAD" --run "kill$RANDOM" --ack-log "$WORK/acks.txt" >"$WORK/load.txt" &
LOAD_PID=$!
sleep "${KILL_AFTER:-6}"
kill_app 9
echo "killed the service with SIGKILL at ${KILL_AFTER:-6}s; starting it again" >&2
start_app
wait $LOAD_PID
DRAIN=$(wait_drain)
IFS='|' read -r ACKED MISSING NOT_DONE TWICE <<<"$(check_acks "$WORK/acks.txt")"
echo "load: $(cat "$WORK/load.txt")"
echo "kill -9 drill: acknowledged=$ACKED missing=$MISSING not_processed=$NOT_DONE processed_twice=$TWICE (drained ${DRAIN}s after the load)"
[ "$MISSING" = 0 ] && [ "$NOT_DONE" = 0 ] && [ "$TWICE" = 0 ] && [ "$ACKED" -gt 0 ]
