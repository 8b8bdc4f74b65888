# Shared by the benchmark and the fault drills: a throwaway PostgreSQL 15, the packaged service on it, the load
# generator. Source it from the repository root; it cleans up after itself on exit.

PGBIN=/usr/lib/postgresql/15/bin
SECRET=${SECRET:-bench-secret}

need() { command -v "$1" >/dev/null 2>&1; }
ensure_tools() {
  if ! need wrk || ! need pgbench || ! need curl || [ ! -x $PGBIN/initdb ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql curl >/dev/null
  fi
  [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
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
  su postgres -c "$PGBIN/pg_ctl -D $WORK/pg -l $WORK/pg/server.log -w -o '-p $PGPORT -k $WORK/pg -c max_connections=200 -c shared_buffers=256MB' start" >/dev/null
  $PSQL -c "select 1 from pg_database where datname = 'triage'" | grep -q 1 || $PSQL -c "create database triage" >/dev/null
}

stop_pg() { su postgres -c "$PGBIN/pg_ctl -D $WORK/pg -m ${1:-fast} -w stop" >/dev/null; }

# start_app [extra env assignments...]
start_app() {
  env QUARKUS_HTTP_PORT=$APPPORT \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGPORT/triage" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
    TRIAGE_SENTRY_SECRETS=$SECRET "$@" \
    java -jar target/quarkus-app/quarkus-run.jar >>"$WORK/service.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$APPPORT/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  tail -30 "$WORK/service.log"
  return 1
}

kill_app() { kill "-${1:-9}" "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; }

load() { java bench/LoadGen.java --url "http://127.0.0.1:$APPPORT/webhooks/sentry" --secret "$SECRET" "$@"; }

# field NAME LINE: one key=value figure out of a LoadGen line
field() { sed -n "s/.*[ ^]$1=\([^ ]*\).*/\1/p" <<<" $2"; }

# wait_drain: seconds until no delivery is pending or in progress
wait_drain() {
  local start; start=$(date +%s.%N)
  for _ in $(seq 1 1200); do
    [ "$($PSQL -d triage -c "select count(*) from delivery where status in ('PENDING','PROCESSING')")" = "0" ] && break
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
