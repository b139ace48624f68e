#!/usr/bin/env bash
# Two builds or two settings of samples/Conduit side by side, measured in interleaved rounds so both see the same machine:
# CPU per request and p99 per route and round, then RSS (after the load and peak) and threads. Use it to decide a change
# or a runtime knob on a busy machine, where one run of run.sh per side moves more than the change.
#   bash bench/Conduit/ab.sh A_DIR B_DIR     # A_DIR, B_DIR: folders holding a Release Conduit.dll (copy bin/Release/net10.0)
# Settings: A_ENV / B_ENV ("VAR=value ..." set for that side only, e.g. B_ENV="DOTNET_GCConserveMemory=5"), ROUTES
# (default "articles article user"), ROUNDS (4), DURATION (s per route and round, 3), WARMUP (s per route, 4),
# CONNECTIONS (64), PORT (56392; B uses PORT+1).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=bench/scripts/common.sh
source bench/scripts/common.sh conduit-ab

A_DIR=${1:?A_DIR}; B_DIR=${2:?B_DIR}
ROUTES=${ROUTES:-articles article user} ROUNDS=${ROUNDS:-4} DURATION=${DURATION:-3} WARMUP=${WARMUP:-4}
CONNECTIONS=${CONNECTIONS:-64} PORT=${PORT:-56392}
declare -A pid_of base_of token_of

start() { # side dir port env
  local side=$1 dir=$2 port=$3 env=$4
  mkdir -p "$tmp_dir/$side"
  # shellcheck disable=SC2086
  env $env dotnet "$dir/Conduit.dll" --urls "http://127.0.0.1:$port" --Conduit:DataPath "$tmp_dir/$side" \
    --Logging:LogLevel:Default=Warning >"$bench_log_prefix-$side.log" 2>&1 &
  pid_of[$side]=$!
  pids+=("$!")
  base_of[$side]="http://127.0.0.1:$port/api"
  bench_wait "$side" "${base_of[$side]}/tags" "$bench_log_prefix-$side.log"
}

seed() { # side: the 20 articles run.sh seeds
  local base=${base_of[$1]} token body
  token=$(curl -fsS -H 'Content-Type: application/json' -X POST "$base/users" \
    -d '{"user":{"username":"bench","email":"bench@example.com","password":"bench-password-1"}}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["token"])')
  token_of[$1]=$token
  body=$(python3 -c 'print(("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 18).strip())')
  for i in $(seq 1 20); do
    curl -fsS -o /dev/null -H 'Content-Type: application/json' -H "Authorization: Token $token" -X POST "$base/articles" \
      -d "{\"article\":{\"title\":\"Benchmark article $i\",\"description\":\"What article $i is about\",\"body\":\"$body\",\"tagList\":[\"bench\",\"tag$((i % 5))\"]}}"
  done
}

load() { # side route seconds [--latency] -> wrk output
  local side=$1 route=$2 seconds=$3 url auth=()
  shift 3
  case $route in
    articles) url=${base_of[$side]}/articles ;;
    article) url=${base_of[$side]}/articles/benchmark-article-20 ;;
    tags) url=${base_of[$side]}/tags ;;
    user) url=${base_of[$side]}/user; auth=(-H "Authorization: Token ${token_of[$side]}") ;;
  esac
  wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" "$@" "$url" "${auth[@]}"
}

echo "bench: A=$A_DIR ${A_ENV:-} | B=$B_DIR ${B_ENV:-}"
start A "$A_DIR" "$PORT" "${A_ENV:-}"
start B "$B_DIR" $((PORT + 1)) "${B_ENV:-}"
seed A
seed B
for side in A B; do for route in $ROUTES; do load "$side" "$route" "$WARMUP" >/dev/null; done; done
echo "| round | route | A µs/req | B µs/req | B/A | A p99 ms | B p99 ms |"
echo "|---|---|---:|---:|---:|---:|---:|"
for round in $(seq 1 "$ROUNDS"); do
  for route in $ROUTES; do
    declare -A cpu p99
    # Alternate which side goes first, so neither always runs right after the other's load.
    order="A B"; [ $((round % 2)) -eq 0 ] && order="B A"
    for side in $order; do
      before=$(cpu_ticks "${pid_of[$side]}")
      out=$(load "$side" "$route" "$DURATION" --latency)
      after=$(cpu_ticks "${pid_of[$side]}")
      n=$(awk '/requests in/ {print $1}' <<<"$out")
      cpu[$side]=$(awk -v t=$((after - before)) -v n="$n" -v hz="$CLK_TCK" 'BEGIN { printf "%.0f", (n > 0 ? t * 1000000 / hz / n : 0) }')
      p99[$side]=$(awk '$1=="99%" {print $2}' <<<"$out" | to_us | awk '{printf "%.1f", $1 / 1000}')
    done
    printf '| %s | %s | %s | %s | %.2f | %s | %s |\n' "$round" "$route" "${cpu[A]}" "${cpu[B]}" \
      "$(awk -v a="${cpu[A]}" -v b="${cpu[B]}" 'BEGIN { print (a > 0 ? b / a : 0) }')" "${p99[A]}" "${p99[B]}"
  done
done
rss_now() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/${pid_of[$1]}/status"; }
declare -A rss_after
for side in A B; do rss_after[$side]=$(rss_now "$side"); done
# The server's idle trim (IdleMemoryTrim: Conduit sets 2 s in Program.cs) runs on the first heartbeat 2 s after the last request.
sleep "${IDLE:-4}"
for side in A B; do
  echo "$side: RSS after ${IDLE:-4} s idle $(rss_now "$side") MB; right after the load ${rss_after[$side]} MB, peak $(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/${pid_of[$side]}/status") MB, threads $(awk '/Threads/ {print $2}' "/proc/${pid_of[$side]}/status")"
done
echo "Load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
