#!/usr/bin/env bash
# GET /db/users/{id} over HTTP on each SQL engine: BackEnd (its server, IRepository<StoredUser, long> over
# BackEnd.Storage.Sql) vs an ASP.NET Core minimal API on Kestrel with the engine's ADO.NET driver (a pooled connection
# per request, a parameterised command, two columns by ordinal). bench/DbHttp, one executable: --mode backend | kestrel.
# SQLite always (a file per server); PostgreSQL when BACKEND_TEST_POSTGRES is set, MySQL/MariaDB when BACKEND_TEST_MYSQL
# is set (both servers read one shared table, dbhttp_users, created and seeded with 10,000 rows by whichever starts first).
# Reports requests/s, p99 and server CPU per request (utime+stime from /proc/<pid>/stat / requests), as bench/run.sh;
# rounds alternate between the servers so drift on the machine falls on both alike.
#
#   bash bench/DbHttp/run.sh                       # 3 rounds of 10 s per engine
#   ROUNDS=2 DURATION=5 ENGINES="sqlite postgres" bash bench/DbHttp/run.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
OURS_PORT=${OURS_PORT:-18791}
KESTREL_PORT=${KESTREL_PORT:-18792}
ENGINES=${ENGINES:-sqlite postgres mysql}

command -v wrk >/dev/null 2>&1 || { echo "bench: installing wrk from apt"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
source bench/scripts/common.sh dbhttp
echo "bench: building bench/DbHttp in Release"
dotnet build bench/DbHttp -c Release -v quiet -nologo >/dev/null
dll=bench/DbHttp/bin/Release/net10.0/BackEnd.Bench.DbHttp.dll
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg)"

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

measured=()
for engine in $ENGINES; do
  case $engine in
    sqlite) ours_db=$tmp_dir/ours.db kestrel_db=$tmp_dir/kestrel.db ;;
    postgres) ours_db=${BACKEND_TEST_POSTGRES:-} kestrel_db=$ours_db ;;
    mysql) ours_db=${BACKEND_TEST_MYSQL:-} kestrel_db=$ours_db ;;
    *) echo "bench: unknown engine $engine" >&2; exit 2 ;;
  esac
  if [ -z "$ours_db" ]; then
    echo "bench: $engine skipped (set BACKEND_TEST_${engine^^})"
    continue
  fi
  measured+=("$engine")

  # Kestrel first: it creates and seeds the shared table before ours starts, so neither start races the other.
  bench_start "kestrel-$engine" "$dll" "http://127.0.0.1:$KESTREL_PORT" --mode kestrel --engine "$engine" --db "$kestrel_db"
  kestrel_pid=$started
  bench_start "ours-$engine" "$dll" "http://127.0.0.1:$OURS_PORT" --mode backend --engine "$engine" --db "$ours_db"
  ours_pid=$started

  for id in 1 42 10000; do
    a=$(curl -fs "http://127.0.0.1:$OURS_PORT/db/users/$id"); b=$(curl -fs "http://127.0.0.1:$KESTREL_PORT/db/users/$id")
    [ "$a" = "$b" ] && [ "$a" = "{\"id\":$id,\"name\":\"user$id\"}" ] || { echo "bench: $engine /db/users/$id: ours '$a', kestrel '$b'" >&2; exit 1; }
  done
  for server in ours kestrel; do
    port=$OURS_PORT; [ "$server" = kestrel ] && port=$KESTREL_PORT
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/db/users/10001")
    [ "$code" = 404 ] || { echo "bench: $engine $server answers $code for a missing user" >&2; exit 1; }
  done

  echo "bench: $engine: warming up"
  for port in "$OURS_PORT" "$KESTREL_PORT"; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-3}s" "http://127.0.0.1:$port/db/users/42" >/dev/null
  done

  for round in $(seq 1 "$ROUNDS"); do
    order=(ours kestrel)
    [ $((round % 2)) = 0 ] && order=(kestrel ours)
    for server in "${order[@]}"; do
      port=$OURS_PORT pid=$ours_pid
      [ "$server" = kestrel ] && { port=$KESTREL_PORT; pid=$kestrel_pid; }
      read -r rps _ p99 cpu < <(bench_wrk "$pid" "http://127.0.0.1:$port/db/users/42")
      echo "round $round  $engine  $server  ${rps} req/s  p99 ${p99}us  cpu ${cpu}us/req"
      add "$engine.$server.rps" "$rps"; add "$engine.$server.p99" "$p99"; add "$engine.$server.cpu" "$cpu"
    done
  done
  stop "$ours_pid"
  stop "$kestrel_pid"
done

echo
echo "GET /db/users/42, mean of $ROUNDS rounds of ${DURATION}s, wrk -t$THREADS -c$CONNECTIONS; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "req/s ratio = ours / kestrel (> 1: ours faster); CPU ratio = kestrel / ours (> 1: ours cheaper)"
printf "%-9s %11s %11s %6s %10s %10s %10s %10s %6s\n" engine "ours req/s" kestrel ratio "ours p99" "kest p99" "ours cpu" "kest cpu" ratio
for e in "${measured[@]}"; do
  awk -v n="$e" -v r="$ROUNDS" -v o="${sum[$e.ours.rps]}" -v k="${sum[$e.kestrel.rps]}" \
      -v o99="${sum[$e.ours.p99]}" -v k99="${sum[$e.kestrel.p99]}" -v oc="${sum[$e.ours.cpu]}" -v kc="${sum[$e.kestrel.cpu]}" \
      'BEGIN { printf "%-9s %11.0f %11.0f %6.2f %8.0fus %8.0fus %8.1fus %8.1fus %6.2f\n", n, o/r, k/r, (k > 0 ? o/k : 0), o99/r, k99/r, oc/r, kc/r, (oc > 0 ? kc/oc : 0) }'
done
