#!/usr/bin/env bash
# Captures every SQL statement (with its parameters) that one POST /api/complaints sends to
# PostgreSQL, on a scratch database with log_statement=all, so that the pgbench side of the
# intake benchmark (scripts/bench/intake-pgbench.sql) can be checked against the real work.
#
#   bash scripts/bench/capture-intake-sql.sh [OUT]      (default OUT: target/intake-statements.log)
#
# Needs: the local PostgreSQL on 127.0.0.1:5432 (user postgres, trust), read access to its log
# (Debian: /var/log/postgresql/postgresql-<major>-main.log, or set PG_LOG), curl, and a built
# jar (mvn -q -DskipTests package). The scratch database is dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=${1:-target/intake-statements.log}
db="gridwatch_capture_$$"
# A free port (a fixed one may be another server's, and its /health would answer for ours).
port=${CAPTURE_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
admin_pw="capture-admin-0123"
op_pw="capture-operator-0123"
major=$(psql -h 127.0.0.1 -U postgres -Atc 'SHOW server_version_num' | cut -c1-2)
pg_log=${PG_LOG:-/var/log/postgresql/postgresql-${major}-main.log}
psql_() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

[ -f target/gridwatch.jar ] || mvn -B -q -DskipTests package
[ -r "$pg_log" ] || { echo "cannot read the PostgreSQL log $pg_log (set PG_LOG)" >&2; exit 1; }

server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  psql_ -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || true
}
trap cleanup EXIT

start_server() {
  : >target/capture-server.log
  GRIDWATCH_DB_URL="postgresql://postgres@127.0.0.1:5432/$db" GRIDWATCH_HTTP_PORT=$port \
    GRIDWATCH_ADMIN_PASSWORD=$admin_pw java -jar target/gridwatch.jar >>"target/capture-server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do
    kill -0 "$server_pid" 2>/dev/null || { echo "server died; see target/capture-server.log" >&2; exit 1; }
    # Ours, and up: its log says so (the port alone could be someone else's).
    if grep -q "GridWatch is up: http://localhost:$port/" target/capture-server.log \
        && curl -fs "localhost:$port/health" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.5
  done
  echo "server did not start" >&2; exit 1
}
stop_server() { kill "$server_pid"; wait "$server_pid" || true; server_pid=; }

mkdir -p target "$(dirname "$out")"
psql_ -c "CREATE DATABASE $db"
# First start loads the demo grid (thousands of statements we do not want in the log) ...
start_server
json() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p"; }
admin=$(curl -fs "localhost:$port/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$admin_pw\"}" | json token)
curl -fs "localhost:$port/api/users" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"username\":\"capture-operator\",\"displayName\":\"Capture\",\"role\":\"OPERATOR\",\"gridCode\":null,\"password\":\"$op_pw\"}" >/dev/null
token=$(curl -fs "localhost:$port/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"capture-operator\",\"password\":\"$op_pw\"}" | json token)
stop_server
# ... then every new session of this database logs its statements, and the server starts again
# (its pool connects afresh, so every connection it uses logs).
psql_ -c "ALTER DATABASE $db SET log_statement = 'all'"
start_server
body='{"channel":"HOTLINE","category":"WAGE_ARREARS","location":{"lon":104.0805,"lat":30.657,"crs":"WGS84"},
 "employer":{"name":"成都某建筑劳务有限公司"},"workersInvolved":12,"amountOwed":"12500.00",
 "description":"三个月工资未发","complainant":{"name":"张三丰","phone":"13812345678"}}'
file() {
  curl -s -o /dev/null -w '%{http_code}' "localhost:$port/api/complaints" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $1" -d "$body"
}
file warm-up >/dev/null        # the first request of a connection also sets it up; not captured
sleep 1
from=$(stat -c %s "$pg_log")
status=$(file capture-1)
sleep 1
to=$(stat -c %s "$pg_log")
psql_ -c "ALTER DATABASE $db RESET log_statement"
[ "$status" = 201 ] || { echo "filing answered $status" >&2; exit 1; }

# The statements of this database between the two offsets, continuation lines kept.
tail -c +"$((from + 1))" "$pg_log" | head -c "$((to - from))" | awk -v db="@$db " '
  /^[0-9]{4}-[0-9]{2}-[0-9]{2} / { keep = index($0, db) > 0 }
  keep { print }' >"$out"
echo "POST /api/complaints ($status) sent $(grep -c 'LOG:  \(execute\|statement\)' "$out") statements:"
grep -o 'LOG:  \(execute [^:]*\|statement\): .*' "$out" | cut -c1-150
echo "full log with parameters: $out"
