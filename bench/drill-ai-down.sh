#!/usr/bin/env bash
# Fault drill: the AI analyzer (TRIAGE_ANALYZER_KIND=openai, pointed at bench/fake_peers.py) is down: first it hangs
# (each call held 60 s), then it answers 500, under a steady trickle of new issues. Analyzer settings are the
# defaults (timeout 20s, message wait 30s, breaker after 5 failures for 60s) unless overridden in the environment.
# Pass: every new issue gets its Telegram message within the message wait plus GRACE seconds, every incident's
# analysis is the heuristic one marked as a fallback (analyzed_by starts with "heuristic (openai"), and every
# notification is delivered, none twice.
# The chat is a supergroup (negative id), paced at one call every 3 s (TRIAGE_TELEGRAM_GROUP_INTERVAL, Telegram's 20 a
# minute): one new issue every 3 s is that whole budget, so the messages the open breaker releases at once never
# drain during the run and the slowest message lands about one message wait after its webhook even when the sender
# sends new issues first, oldest first (edits of sent messages after them). GRACE is all the headroom there is.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
COUNT=${COUNT:-30}
INTERVAL=${INTERVAL:-3}
HANG_FOR=${HANG_FOR:-50}
MESSAGE_WAIT=${TRIAGE_ANALYZER_MESSAGE_WAIT:-30s}
GRACE=${GRACE:-5}
ensure_tools
start_pg
start_fake
fake_mode ai hang
# shellcheck disable=SC2046
start_app $(telegram_env) $(one_message_each_env) TRIAGE_ANALYZER_KIND=openai TRIAGE_ANALYZER_URL="http://127.0.0.1:$FAKE_PORT" \
  TRIAGE_ANALYZER_MESSAGE_WAIT="$MESSAGE_WAIT" ${TRIAGE_ANALYZER_TIMEOUT:+TRIAGE_ANALYZER_TIMEOUT=$TRIAGE_ANALYZER_TIMEOUT}

post_issues --count "$COUNT" --interval "$INTERVAL" --first 1000 --run "ai$RANDOM" --out "$WORK/posts.txt" >"$WORK/post.txt" &
POST_PID=$!
sleep "$HANG_FOR"
fake_mode ai 500
echo "AI hung for ${HANG_FOR}s, now answers 500" >&2
wait $POST_PID
# every message is due at the latest message-wait after its issue; then the outbox must be empty
wait_quiet 120 >/dev/null
for _ in $(seq 1 120); do   # analyses still in flight (a hung call lasts up to the analyzer timeout), then their edits
  [ "$($PSQL -d triage -c "select count(*) from incident where analyzed_by is null")" = 0 ] && break
  sleep 0.5
done
wait_quiet 60 >/dev/null

WAIT_S=$(python3 -c "import re; m=re.fullmatch(r'(\d+)(ms|s|m)', '$MESSAGE_WAIT'); print(int(m[1]) * {'ms': 0.001, 's': 1, 'm': 60}[m[2]])")
LIMIT_MS=$(python3 -c "print(int(($WAIT_S + $GRACE) * 1000))")
CALLS=$(fake_calls summary)
LAT=$(fake_calls latency "$WORK/posts.txt")
IFS='|' read -r INC WITH_MSG FAKE_SENDS SVC_MSGS DUP UNKNOWN <<<"$(check_sends)"
NOTES=$(notification_counts)
IFS='|' read -r FALLBACK NOT_ANALYZED OTHER <<<"$($PSQL -d triage -c "
  select count(*) filter (where analyzed_by like 'heuristic (openai%'), count(*) filter (where analyzed_by is null),
         count(*) filter (where analyzed_by is not null and analyzed_by not like 'heuristic (openai%') from incident")"
REASONS=$($PSQL -d triage -c "select string_agg(r || ' x' || n, '; ') from (select regexp_replace(analyzed_by, '^heuristic \(openai:[^ ]* failed: ', '') r, count(*) n from incident group by 1 order by 2 desc) x")
# the slowest three, stage by stage (seconds after the post)
$PSQL -d triage -F' ' -c "select i.issue_id::bigint - 900000, extract(epoch from d.processed_at), extract(epoch from i.analyzed_at),
    extract(epoch from n.created_at), extract(epoch from n.sent_at), n.kind
  from incident i join delivery d on d.incident_id = i.id join notification n on n.incident_id = i.id and n.status = 'SENT'
   and n.id = (select min(id) from notification m where m.incident_id = i.id and m.status = 'SENT')" >"$WORK/timeline.txt"
SLOW=$(python3 - "$WORK/posts.txt" "$WORK/timeline.txt" <<'PY'
import sys
posts = {int(l.split()[0]): float(l.split()[1]) for l in open(sys.argv[1])}
rows = []
for l in open(sys.argv[2]):
    n, *ts, kind = l.split()
    t0 = posts.get(int(n))
    if t0 is not None and "" not in ts:
        rows.append((float(ts[-1]) - t0, int(n), [float(x) - t0 for x in ts]))
for lat, n, st in sorted(rows, reverse=True)[:3]:
    print("  issue %d: processed %.1f, analyzed %.1f, first message row %.1f, sent %.1f" % (n, *st))
PY
)
AI=$(grep -c '"chat.completions"' "$FAKE_LOG" || true)
echo "posts: $(cat "$WORK/post.txt")"
echo "analyzer calls received by the fake: $AI; fallback reasons: $REASONS"
echo "webhook -> delivered sendMessage: $LAT (limit ${LIMIT_MS} ms = message wait + ${GRACE}s)"
echo "slowest first messages (s after the post):"
echo "$SLOW"
echo "telegram calls: $CALLS"
echo "notifications: $NOTES; incidents=$INC with_a_message=$WITH_MSG heuristic_fallback=$FALLBACK not_analyzed=$NOT_ANALYZED other=$OTHER sent_twice=$DUP"
ok=1
[ "$(field missing "$LAT")" = 0 ] && [ "$(field posted "$LAT")" = "$COUNT" ] || ok=0
python3 -c "import sys; sys.exit(0 if float('$(field max_ms "$LAT")') <= $LIMIT_MS else 1)" || ok=0
[ "$INC" = "$COUNT" ] && [ "$FALLBACK" = "$COUNT" ] && [ "$DUP" = 0 ] && [ "$UNKNOWN" = 0 ] || ok=0
grep -qE 'FAILED|DEAD|PENDING|SENDING' <<<"$NOTES" && ok=0
[ "$AI" -gt 0 ] || ok=0
verdict=$([ $ok = 1 ] && echo PASS || echo FAIL)
echo "AI down drill: $verdict — $COUNT new issues while the AI hung then answered 500: messages p50 $(field p50_ms "$LAT") ms, max $(field max_ms "$LAT") ms (limit $LIMIT_MS), heuristic fallback on $FALLBACK of $INC, sent twice: $DUP"
[ $ok = 1 ]
