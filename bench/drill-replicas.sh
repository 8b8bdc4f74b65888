#!/usr/bin/env bash
# Fault drill: two service processes (two ports) on one database, both sending to the fake Bot API, each under its
# own load generator (different --run ids, so different deliveries) on the SAME issues, so both replicas work on the
# same incidents and the same Telegram messages at once.
# Pass: every acknowledged delivery (both ack logs) is processed exactly once, every stored one is counted once,
# every incident got a message, and Telegram received no sendMessage the service did not record nor more than one per
# recorded message (no episode sent twice across the replicas); nothing left PENDING/SENDING, nothing FAILED/DEAD.
# Webhooks LoadGen gave up on (10 s) are reported as a warning: the drill is about correctness across replicas.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
RATE=${RATE:-150}
SECONDS_LOAD=${SECONDS_LOAD:-20}
ISSUES=${ISSUES:-20}
ensure_tools
start_pg
start_fake
# shellcheck disable=SC2046
start_app $(telegram_env) $(one_message_each_env)
PORT2=$(free_port)
# shellcheck disable=SC2046
start_replica "$PORT2" $(telegram_env) $(one_message_each_env)

loadgen_build # once, before the two start together
load --rate "$RATE" --seconds "$SECONDS_LOAD" --issues "$ISSUES" --run "repA$RANDOM" --ack-log "$WORK/acks-a.txt" \
  >"$WORK/load-a.txt" &
PA=$!
loadgen --url "http://127.0.0.1:$PORT2/webhooks/sentry" --secret "$SECRET" --rate "$RATE" \
  --seconds "$SECONDS_LOAD" --issues "$ISSUES" --run "repB$RANDOM" --ack-log "$WORK/acks-b.txt" >"$WORK/load-b.txt" &
PB=$!
wait $PA
wait $PB
DRAIN_D=$(wait_drain)
DRAIN_N=$(wait_quiet 240)

IFS='|' read -r ACK_A MISS_A NOTDONE_A TWICE_A <<<"$(check_acks "$WORK/acks-a.txt")"
IFS='|' read -r ACK_B MISS_B NOTDONE_B TWICE_B <<<"$(check_acks "$WORK/acks-b.txt")"
IFS='|' read -r INC WITH_MSG FAKE_SENDS SVC_MSGS DUP UNKNOWN <<<"$(check_sends)"
IFS="|" read -r OCC SENT_ROWS DONE_ROWS STORED <<<"$($PSQL -d triage -c "select coalesce(sum(occurrences), 0),
  (select count(*) from notification where status = 'SENT'), (select count(*) from delivery where status = 'DONE'),
  (select count(*) from delivery) from incident")"
NOTES=$(notification_counts)
CALLS=$(fake_calls summary)
echo "replica A: $(cat "$WORK/load-a.txt")"
echo "replica B: $(cat "$WORK/load-b.txt")"
echo "acks A: acknowledged=$ACK_A missing=$MISS_A not_processed=$NOTDONE_A processed_twice=$TWICE_A"
echo "acks B: acknowledged=$ACK_B missing=$MISS_B not_processed=$NOTDONE_B processed_twice=$TWICE_B"
echo "incidents=$INC occurrences=$OCC deliveries_stored=$STORED deliveries_done=$DONE_ROWS; drained ${DRAIN_D}s after the load, outbox empty ${DRAIN_N}s later"
echo "telegram calls: $CALLS"
echo "notifications: $NOTES; incidents with a message=$WITH_MSG delivered_sends=$FAKE_SENDS recorded_messages=$SVC_MSGS sent_twice=$DUP unrecorded=$UNKNOWN"
ok=1
[ "$MISS_A" = 0 ] && [ "$NOTDONE_A" = 0 ] && [ "$TWICE_A" = 0 ] && [ "$ACK_A" -gt 0 ] || ok=0
[ "$MISS_B" = 0 ] && [ "$NOTDONE_B" = 0 ] && [ "$TWICE_B" = 0 ] && [ "$ACK_B" -gt 0 ] || ok=0
# every stored delivery counted once; a request the client gave up on (LoadGen's 10 s) may have been stored: it
# counts then, and a sender's retry of it would be a duplicate of that delivery
[ "$OCC" = "$STORED" ] && [ "$DONE_ROWS" = "$STORED" ] && [ $((ACK_A + ACK_B)) -le "$STORED" ] || ok=0
[ "$INC" = "$ISSUES" ] && [ "$WITH_MSG" = "$ISSUES" ] || ok=0
[ "$DUP" = 0 ] && [ "$UNKNOWN" = 0 ] && [ "$FAKE_SENDS" = "$SVC_MSGS" ] || ok=0
grep -qE 'FAILED|DEAD|PENDING|SENDING' <<<"$NOTES" && ok=0
verdict=$([ $ok = 1 ] && echo PASS || echo FAIL)
SENT_ALL=$(( $(field sent "$(cat "$WORK/load-a.txt")") + $(field sent "$(cat "$WORK/load-b.txt")") ))
[ $((ACK_A + ACK_B)) = "$SENT_ALL" ] || echo "WARNING: only $((ACK_A + ACK_B)) of $SENT_ALL webhooks answered 2xx within LoadGen's 10 s (the rest timed out at the client; $STORED stored); load average$(uptime | sed 's/.*load average://')"
echo "two replicas drill: $verdict — acknowledged $((ACK_A + ACK_B)) (A $ACK_A, B $ACK_B), each processed once: $([ "$MISS_A$NOTDONE_A$TWICE_A$MISS_B$NOTDONE_B$TWICE_B" = 000000 ] && echo yes || echo NO); $INC incidents, $FAKE_SENDS messages delivered for $SVC_MSGS recorded, sent twice: $DUP"
[ $ok = 1 ]
