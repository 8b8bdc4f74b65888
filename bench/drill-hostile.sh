#!/usr/bin/env bash
# Fault drill: hostile bodies of every class from issue 11 (NUL, lone surrogates escaped and raw, bad timestamps,
# over-long ids and slugs, non-JSON, huge numbers, a 300k title) sent concurrently beside valid traffic, on loopback.
# Pass: no 5xx and no request without an answer; every 202 ends DONE with an incident (lost = 0); every 400 is stored
# as REJECTED. Bounded: VALID + 16 classes x EACH requests, 60 s per request, 120 s for the worker to drain.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
start_service

VALID=${VALID:-300}
EACH=${EACH:-10}
python3 bench/hostile.py --url "http://127.0.0.1:$APPPORT/webhooks/sentry" --secret "$SECRET" \
  --valid "$VALID" --each "$EACH" --threads "${THREADS:-32}" --out "$WORK/answers.txt" >&2
for _ in $(seq 1 240); do
  [ "$($PSQL -d triage -c "select count(*) from delivery where status in ('PENDING','PROCESSING')")" = "0" ] && break
  sleep 0.5
done
awk '{print $1 "\t" $2 "\t" ($3 ~ /^-/ ? "\\N" : $3)}' "$WORK/answers.txt" >"$WORK/answers.tsv"
echo "answers by class (class status count):" >&2
awk '{print $1, $2}' "$WORK/answers.txt" | sort | uniq -c | awk '{printf "  %-22s %s x%d\n", $2, $3, $1}' >&2
IFS='|' read -r SENT ACCEPTED PROCESSED REJECTED REJECTED_STORED FIVEXX NOANSWER OTHER <<<"$($PSQL -d triage \
  -c "create temp table answer (class text, status int, id uuid)" -c "\copy answer from '$WORK/answers.tsv'" \
  -c "select count(*),
             count(*) filter (where a.status = 202),
             count(*) filter (where a.status = 202 and d.status = 'DONE' and d.incident_id is not null),
             count(*) filter (where a.status = 400),
             count(*) filter (where a.status = 400 and d.status = 'REJECTED'),
             count(*) filter (where a.status >= 500),
             count(*) filter (where a.status = 0),
             count(*) filter (where a.status not in (0, 202, 400, 401, 413) and a.status < 500)
      from answer a left join delivery d on d.id = a.id" | tail -1)"
LOST=$((ACCEPTED - PROCESSED))
echo "hostile drill: sent=$SENT accepted=$ACCEPTED processed=$PROCESSED rejected=$REJECTED (stored as rejected $REJECTED_STORED) lost=$LOST 5xx=$FIVEXX no_answer=$NOANSWER other=$OTHER"
$PSQL -d triage -c "select 'deliveries by status: ' || string_agg(status || '=' || n, ' ' order by status)
                    from (select status, count(*) n from delivery group by 1) x"
[ "$LOST" = 0 ] && [ "$FIVEXX" = 0 ] && [ "$NOANSWER" = 0 ] && [ "$OTHER" = 0 ] && [ "$REJECTED" = "$REJECTED_STORED" ] \
  && [ "$ACCEPTED" -gt 0 ]
