#!/usr/bin/env bash
# Bench: reminders under a backlog of N (10,000) open HIGH incidents whose reminders all fall due at the same moment.
# The incidents, their episode messages (telegram_message, as if sent 2 h ago) and their reminder rows (due LEAD s after
# the insert) are written by SQL straight into the database; two replicas with their reminder jobs and Telegram
# senders on (the fake Bot API of bench/fake_peers.py) then do the rest.
# Reported: how late each reminder was written (notification created_at - due) and delivered (sent_at - due), p50/p99/
# max. Telegram's own pace (about 1 message a second per chat) would make 10,000 reminders to one chat take hours
# whatever the service does, so by default the drill lifts the per-chat pace (PER_CHAT=0s, GLOBAL=1000 calls/s) to
# measure the service; PER_CHAT=1s GLOBAL=25 shows the real pace instead.
# Pass: every incident got exactly one REMINDER row and exactly one delivered sendMessage, a reply to its episode's
# message; none twice, none FAILED or DEAD.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${N:-10000}
LEAD=${LEAD:-30}
PER_CHAT=${PER_CHAT:-0s}
GLOBAL=${GLOBAL:-1000}
MAX_WAIT=${MAX_WAIT:-900}
ensure_tools
start_pg
start_fake
PACE="TRIAGE_TELEGRAM_PER_CHAT_INTERVAL=$PER_CHAT TRIAGE_TELEGRAM_GLOBAL_PER_SECOND=$GLOBAL"
# shellcheck disable=SC2046,SC2086
start_app $(telegram_env) $PACE
# shellcheck disable=SC2046,SC2086
start_replica "$(free_port)" $(telegram_env) $PACE

$PSQL -d triage >/dev/null <<SQL
create table bench_due as select date_trunc('second', now()) + interval '$LEAD seconds' as due;
insert into incident (source, project, issue_id, title, level, base_risk, risk, status, occurrences, first_seen,
                      last_seen, status_changed_at, status_changed_by)
select 'sentry', 'bench', 'remind-' || g, 'Reminder bench issue ' || g, 'error', 'HIGH', 'HIGH', 'OPEN', 1,
       now() - interval '2 hours', now() - interval '2 hours', now() - interval '2 hours', 'sentry'
from generate_series(1, $N) g;
insert into telegram_message (incident_id, chat_id, message_id, sent_at, last_edit_at)
select id, '$CHAT_ID', 1000000 + id, now() - interval '2 hours', now() - interval '2 hours'
from incident where project = 'bench';
insert into reminder (incident_id, due_at) select id, (select due from bench_due) from incident where project = 'bench';
SQL
echo "inserted $N open HIGH incidents, reminders due in ${LEAD}s" >&2

START=$(date +%s)
for _ in $(seq 1 $((MAX_WAIT * 2))); do
  SENT=$($PSQL -d triage -c "select count(*) from notification where kind = 'REMINDER' and status = 'SENT'")
  [ "$SENT" -ge "$N" ] && break
  [ $(( $(date +%s) - START )) -ge "$MAX_WAIT" ] && break
  sleep 0.5
done

FIGURES=$($PSQL -d triage -F ' ' -c "
  select count(*), count(distinct incident_id),
         count(*) filter (where status = 'SENT'), count(*) filter (where status in ('FAILED', 'DEAD')),
         round(percentile_cont(0.5) within group (order by extract(epoch from created_at - d.due))::numeric, 1),
         round(percentile_cont(0.99) within group (order by extract(epoch from created_at - d.due))::numeric, 1),
         round(max(extract(epoch from created_at - d.due))::numeric, 1),
         round(percentile_cont(0.5) within group (order by extract(epoch from sent_at - d.due))::numeric, 1),
         round(percentile_cont(0.99) within group (order by extract(epoch from sent_at - d.due))::numeric, 1),
         round(max(extract(epoch from sent_at - d.due))::numeric, 1)
  from notification n cross join bench_due d where n.kind = 'REMINDER'")
read -r ROWS DISTINCT SENT BAD W50 W99 WMAX S50 S99 SMAX <<<"$FIGURES"
REPLIES=$(python3 - "$FAKE_LOG" <<'PY'
import json, sys
from collections import Counter
sends = Counter()
wrong = 0
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)
    if e.get("method") == "sendMessage" and e.get("outcome") == "ok" and e.get("reply_to") is not None:
        sends[e["incident"]] += 1
        wrong += e["reply_to"] != 1000000 + e["incident"]
print(len(sends), sum(sends.values()), max(sends.values(), default=0), wrong)
PY
)
read -r R_INC R_SENDS R_MAX R_WRONG <<<"$REPLIES"
echo "reminder rows=$ROWS incidents=$DISTINCT sent=$SENT failed_or_dead=$BAD"
echo "written late (created_at - due): p50=${W50}s p99=${W99}s max=${WMAX}s"
echo "delivered late (sent_at - due): p50=${S50}s p99=${S99}s max=${SMAX}s"
echo "fake Telegram: replies to $R_INC incidents, $R_SENDS sends, most to one incident $R_MAX, wrong reply target $R_WRONG"
ok=1
[ "$ROWS" = "$N" ] && [ "$DISTINCT" = "$N" ] && [ "$SENT" = "$N" ] && [ "$BAD" = 0 ] || ok=0
[ "$R_INC" = "$N" ] && [ "$R_SENDS" = "$N" ] && [ "$R_MAX" = 1 ] && [ "$R_WRONG" = 0 ] || ok=0
verdict=$([ $ok = 1 ] && echo PASS || echo FAIL)
echo "reminder drill: $verdict — $N reminders due at once on 2 replicas (per-chat pace $PER_CHAT, $GLOBAL calls/s): written p99 ${W99}s late, delivered p50 ${S50}s / p99 ${S99}s / max ${SMAX}s late, none twice"
[ $ok = 1 ]
