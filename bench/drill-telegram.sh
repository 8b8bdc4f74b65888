#!/usr/bin/env bash
# Fault drill: Telegram fails for about a minute under a steady trickle of new issues: 500s for OUTAGE_500 s, then
# timeouts (the fake holds each call 12 s, past the client's 10 s read timeout, and delivers nothing) for
# OUTAGE_TIMEOUT s, then it is back.
# Pass: afterwards every notification is delivered (SENT or merged into a sent one; none PENDING, SENDING, FAILED or
# DEAD), every new issue got its message, and no incident got two delivered sendMessage calls (one event per issue,
# so one episode each) nor one the service did not record.
# The retry backoff ceiling is lowered to 15 s (TRIAGE_TELEGRAM_MAX_BACKOFF; default 5m) so the drill ends within
# about three minutes: with the default a message can wait up to the next doubled backoff after Telegram is back.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
COUNT=${COUNT:-30}
INTERVAL=${INTERVAL:-3}
OK_FIRST=${OK_FIRST:-10}
OUTAGE_500=${OUTAGE_500:-30}
OUTAGE_TIMEOUT=${OUTAGE_TIMEOUT:-30}
ensure_tools
start_pg
start_fake
# shellcheck disable=SC2046
start_app $(telegram_env) $(one_message_each_env) TRIAGE_TELEGRAM_MAX_BACKOFF=${MAX_BACKOFF:-15s}

post_issues --count "$COUNT" --interval "$INTERVAL" --first 1000 --run "tg$RANDOM" --out "$WORK/posts.txt" >"$WORK/post.txt" &
POST_PID=$!
sleep "$OK_FIRST"
fake_mode telegram 500
echo "Telegram answers 500 from ${OK_FIRST}s for ${OUTAGE_500}s" >&2
sleep "$OUTAGE_500"
fake_mode telegram timeout
echo "Telegram times out for ${OUTAGE_TIMEOUT}s" >&2
sleep "$OUTAGE_TIMEOUT"
fake_mode telegram ok
BACK=$(date +%s.%N)
echo "Telegram is back at $((OK_FIRST + OUTAGE_500 + OUTAGE_TIMEOUT))s" >&2
wait $POST_PID
wait_quiet 240 >/dev/null
RECOVER=$(python3 -c "import time; print(f'{time.time()-$BACK:.1f}')")

CALLS=$(fake_calls summary)
LAT=$(fake_calls latency "$WORK/posts.txt")
IFS='|' read -r INC WITH_MSG FAKE_SENDS SVC_MSGS DUP UNKNOWN <<<"$(check_sends)"
NOTES=$(notification_counts)
MAXATT=$($PSQL -d triage -c "select coalesce(max(attempts), 0) from notification")
echo "posts: $(cat "$WORK/post.txt")"
echo "telegram calls: $CALLS"
echo "webhook -> delivered sendMessage: $LAT"
echo "notifications: $NOTES (most attempts on one: $MAXATT); outbox empty ${RECOVER}s after Telegram was back"
echo "incidents=$INC with_a_message=$WITH_MSG delivered_sends=$FAKE_SENDS recorded_by_service=$SVC_MSGS sent_twice=$DUP unrecorded=$UNKNOWN"
ok=1
[ "$(field missing "$LAT")" = 0 ] && [ "$(field posted "$LAT")" = "$COUNT" ] || ok=0
[ "$INC" = "$COUNT" ] && [ "$WITH_MSG" = "$COUNT" ] && [ "$FAKE_SENDS" = "$COUNT" ] && [ "$DUP" = 0 ] && [ "$UNKNOWN" = 0 ] || ok=0
[ "$(field max_sends_per_incident "$CALLS")" = 1 ] || ok=0
grep -qE 'FAILED|DEAD|PENDING|SENDING' <<<"$NOTES" && ok=0
[ "$(field send_500 "$CALLS")" -gt 0 ] && [ "$(field send_timeout "$CALLS")" -gt 0 ] || ok=0   # the outage was felt
verdict=$([ $ok = 1 ] && echo PASS || echo FAIL)
echo "telegram outage drill: $verdict — ${COUNT} new issues, $(field send_500 "$CALLS") sends answered 500 and $(field send_timeout "$CALLS") timed out; all $WITH_MSG incidents got exactly one message (max latency $(field max_ms "$LAT") ms), none failed or dead, sent twice: $DUP"
[ $ok = 1 ]
