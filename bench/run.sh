#!/usr/bin/env bash
# Side-by-side HTTP benchmark: BackEnd (samples/Hello) vs an ASP.NET Core minimal-API app on Kestrel
# (bench/Kestrel) with the same endpoints, both built in Release and run on loopback in the same run.
# Rounds alternate between the two servers so drift on the machine hits both alike.
#
#   bash bench/run.sh              # default: 3 rounds of 10 s per scenario
#   ROUNDS=1 DURATION=5 bash bench/run.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
IDLE=${IDLE:-10000}
OURS_PORT=${OURS_PORT:-18081}
KESTREL_PORT=${KESTREL_PORT:-18082}

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk from apt"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

echo "bench: building both apps in Release"
dotnet build samples/Hello -c Release -v quiet -nologo >/dev/null
dotnet build bench/Kestrel -c Release -v quiet -nologo >/dev/null

ulimit -n 20000 || true
pids=()
db_dir=
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -z "$db_dir" ] || rm -rf "$db_dir"
}
trap cleanup EXIT

start() { # name dll port [app args...] -> pid in $started
  local name=$1 dll=$2 port=$3
  shift 3
  BACKEND_ALLOC_STATS=1 dotnet "$dll" --urls "http://127.0.0.1:$port" "$@" >"/tmp/bench-$name.log" 2>&1 &
  started=$!
  pids+=("$started")
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/plaintext" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench: $name did not start; its log:" >&2
  cat "/tmp/bench-$name.log" >&2
  exit 1
}

# Each app keeps its SQLite file outside the repository; both seed the same 10,000 users.
db_dir=$(mktemp -d /tmp/backend-bench.XXXXXX)
start ours samples/Hello/bin/Release/net10.0/Hello.dll "$OURS_PORT" --ConnectionStrings:Default "Data Source=$db_dir/hello.db"
ours_pid=$started
start kestrel bench/Kestrel/bin/Release/net10.0/Kestrel.dll "$KESTREL_PORT" --db "$db_dir/kestrel.db"
kestrel_pid=$started

# Check both answer the same before measuring anything.
for path in /plaintext /json /users/42 /db/users/42; do
  a=$(curl -fs "http://127.0.0.1:$OURS_PORT$path"); b=$(curl -fs "http://127.0.0.1:$KESTREL_PORT$path")
  [ "$a" = "$b" ] || { echo "bench: $path differs: ours '$a' vs kestrel '$b'" >&2; exit 1; }
done

# wrk's latency lines are like "50%  1.23ms"; normalise to microseconds.
to_us() { awk '{ v=$1; if (v ~ /us$/) { sub(/us/,"",v); print v } else if (v ~ /ms$/) { sub(/ms/,"",v); print v*1000 } else if (v ~ /s$/) { sub(/s/,"",v); print v*1000000 } }'; }

run_wrk() { # port path extra-args... -> "rps p50us p99us"
  local port=$1 path=$2; shift 2
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "http://127.0.0.1:$port$path")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out" | to_us)
  p99=$(awk '$1=="99%" {print $2}' <<<"$out" | to_us)
  errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
  [ -z "$errors" ] || echo "bench: port $port $path: $errors" >&2
  echo "$rps $p50 $p99"
}

# JIT tiering and pools settle before anything is recorded.
echo "bench: warming up"
for port in "$OURS_PORT" "$KESTREL_PORT"; do
  for path in /plaintext /json /users/42 /db/users/42; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-3}s" "http://127.0.0.1:$port$path" >/dev/null
  done
done

declare -A sum
scenarios=("plaintext:/plaintext:" "json:/json:" "pipelined16:/plaintext:-s bench/scripts/pipeline.lua" "users:/users/42:" "db-users:/db/users/42:")
for round in $(seq 1 "$ROUNDS"); do
  for s in "${scenarios[@]}"; do
    IFS=: read -r name path extra <<<"$s"
    for server in ours kestrel; do
      port=$OURS_PORT; [ "$server" = kestrel ] && port=$KESTREL_PORT
      # shellcheck disable=SC2086
      read -r rps p50 p99 < <(run_wrk "$port" "$path" $extra)
      echo "round $round  $name  $server  ${rps} req/s  p50 ${p50}us  p99 ${p99}us"
      sum[$name.$server.rps]=$(awk -v a="${sum[$name.$server.rps]:-0}" -v b="$rps" 'BEGIN{print a+b}')
      sum[$name.$server.p50]=$(awk -v a="${sum[$name.$server.p50]:-0}" -v b="$p50" 'BEGIN{print a+b}')
      sum[$name.$server.p99]=$(awk -v a="${sum[$name.$server.p99]:-0}" -v b="$p99" 'BEGIN{print a+b}')
    done
  done
done

echo
printf "%-12s %14s %14s %8s %12s %12s %12s %12s\n" scenario "ours req/s" "kestrel req/s" ratio "ours p50us" "kestrel p50" "ours p99us" "kestrel p99"
for s in "${scenarios[@]}"; do
  IFS=: read -r name _ _ <<<"$s"
  awk -v n="$name" -v r="$ROUNDS" -v o="${sum[$name.ours.rps]}" -v k="${sum[$name.kestrel.rps]}" \
      -v o50="${sum[$name.ours.p50]}" -v k50="${sum[$name.kestrel.p50]}" -v o99="${sum[$name.ours.p99]}" -v k99="${sum[$name.kestrel.p99]}" \
      'BEGIN { printf "%-12s %14.0f %14.0f %8.2f %12.0f %12.0f %12.0f %12.0f\n", n, o/r, k/r, o/k, o50/r, k50/r, o99/r, k99/r }'
done

echo
echo "bench: $IDLE idle keep-alive connections (client in another process)"
for server in ours kestrel; do
  port=$OURS_PORT; pid=$ours_pid
  [ "$server" = kestrel ] && { port=$KESTREL_PORT; pid=$kestrel_pid; }
  echo "$server: $(python3 bench/scripts/idle_connections.py 127.0.0.1 "$port" "$pid" "$IDLE")"
done

# Allocation per request: samples/Hello prints its allocated-bytes counters on shutdown when
# BACKEND_ALLOC_STATS=1 (see samples/Hello/README.md).
kill -TERM "$ours_pid"; wait "$ours_pid" 2>/dev/null || true
grep -i "alloc" /tmp/bench-ours.log || echo "bench: samples/Hello printed no allocation figures"
