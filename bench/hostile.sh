#!/usr/bin/env bash
# Latency of a normal client while the server is under a slow-client attack (issue: p99 under 50 ms for /plaintext):
# samples/Hello (Release) on loopback, wrk measuring /plaintext, alternating rounds without and with DRIBBLERS
# connections that send their headers a byte a second (reconnecting whenever the server cuts them at
# RequestHeadersTimeout) plus IDLE keep-alive connections held by bench/scripts/hostile_clients.py.
# Prints p50/p99 per round with the load average; the ratio between the two kinds of round is the figure to trust on a
# busy machine.
#
#   bash bench/hostile.sh                       # 2 rounds of 10 s, 1,000 dribblers + 1,000 idle
#   ROUNDS=1 DURATION=5 DRIBBLERS=200 IDLE=200 bash bench/hostile.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-4}
THREADS=${THREADS:-1}
DRIBBLERS=${DRIBBLERS:-1000}
IDLE=${IDLE:-1000}
HEADERS_TIMEOUT=${HEADERS_TIMEOUT:-00:00:05}
PORT=${PORT:-18091}

command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
source bench/scripts/common.sh hostile
bench_build samples/Hello
ulimit -n 20000 || true

bench_start ours samples/Hello/bin/Release/net10.0/Hello.dll "http://127.0.0.1:$PORT" \
  --ConnectionStrings:Default "Data Source=$tmp_dir/hello.db" \
  --BackEnd:Server:RequestHeadersTimeout "$HEADERS_TIMEOUT" --BackEnd:Server:KeepAliveTimeout 00:10:00
server=$started
target="http://127.0.0.1:$PORT/plaintext"
wrk -t1 -c"$CONNECTIONS" -d2s "$target" >/dev/null # warm-up

printf '%-8s %-6s %10s %10s %10s  %s\n' round kind req/s p50_us p99_us "load average"
for round in $(seq 1 "$ROUNDS"); do
  read -r rps p50 p99 _ < <(bench_wrk "$server" "$target")
  printf '%-8s %-6s %10s %10s %10s  %s\n' "$round" quiet "$rps" "$p50" "$p99" "$(cut -d' ' -f1-3 /proc/loadavg)"
  add quiet_p99 "$p99"

  ready=$tmp_dir/hostile.ready
  rm -f "$ready"
  python3 bench/scripts/hostile_clients.py 127.0.0.1 "$PORT" "$DRIBBLERS" "$IDLE" "$ready" >"$tmp_dir/hostile.out" 2>&1 &
  hostile=$!
  pids+=("$hostile")
  for _ in $(seq 1 600); do [ -f "$ready" ] && break; kill -0 "$hostile" 2>/dev/null || break; sleep 0.1; done
  [ -f "$ready" ] || { echo "bench: the hostile clients did not get their connections open:" >&2; cat "$tmp_dir/hostile.out" >&2; exit 1; }
  read -r rps p50 p99 _ < <(bench_wrk "$server" "$target")
  printf '%-8s %-6s %10s %10s %10s  %s\n' "$round" attack "$rps" "$p50" "$p99" "$(cut -d' ' -f1-3 /proc/loadavg)"
  add attack_p99 "$p99"
  kill -TERM "$hostile"
  wait "$hostile" || true
  sed 's/^/  /' "$tmp_dir/hostile.out"
done

awk -v q="${sum[quiet_p99]}" -v a="${sum[attack_p99]}" -v n="$ROUNDS" 'BEGIN {
  printf "mean p99: quiet %.0f us, under attack %.0f us (goal: under 50,000 us) ratio %.2f\n", q / n, a / n, (q > 0 ? a / q : 0) }'
