#!/usr/bin/env bash
# Side-by-side live-content benchmark: BackEnd (bench/Realtime/Server: EventHub + RealtimeResults.ServerSentEvents,
# MapWebSocket) vs ASP.NET Core on Kestrel (bench/Kestrel: a Channel per subscriber + TypedResults.ServerSentEvents,
# UseWebSockets), both in Release on loopback, driven by one load client (bench/Realtime/Client) in another process.
#
#   SSE fan-out  $SUBSCRIBERS streams each receive $EVENTS events published $INTERVAL_MS apart; each event carries its
#                publish time (Stopwatch ticks: CLOCK_MONOTONIC, shared by every process on the machine), so the client
#                measures publish-to-receipt latency. CPU = server utime+stime across the broadcast / events delivered.
#   idle SSE     $IDLE open streams with nothing sent; the growth of the server's resident memory per stream.
#   WS echo      $WS_CLIENTS ClientWebSockets each send a $WS_BYTES-byte message and wait for its echo, for $WS_SECONDS s.
# Rounds alternate between the servers so drift on the machine (other builds) hits both alike.
#
#   bash bench/realtime.sh               # default: 2 rounds
#   ROUNDS=1 IDLE=2000 bash bench/realtime.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS=${ROUNDS:-2}
SUBSCRIBERS=${SUBSCRIBERS:-1000}
EVENTS=${EVENTS:-100}
INTERVAL_MS=${INTERVAL_MS:-10}
IDLE=${IDLE:-10000}
WS_CLIENTS=${WS_CLIENTS:-64}
WS_SECONDS=${WS_SECONDS:-5}
WS_BYTES=${WS_BYTES:-32}
OURS_PORT=${OURS_PORT:-18681}
KESTREL_PORT=${KESTREL_PORT:-18682}

source bench/scripts/common.sh realtime
bench_build bench/Realtime/Server bench/Kestrel bench/Realtime/Client
ulimit -n 20000 || true

bench_start ours bench/Realtime/Server/bin/Release/net10.0/BackEnd.Bench.Realtime.Server.dll "http://127.0.0.1:$OURS_PORT"
ours_pid=$started
bench_start kestrel bench/Kestrel/bin/Release/net10.0/Kestrel.dll "http://127.0.0.1:$KESTREL_PORT" --db "$tmp_dir/kestrel.db"
kestrel_pid=$started

client() { timeout 150 dotnet bench/Realtime/Client/bin/Release/net10.0/BackEnd.Bench.Realtime.Client.dll "$@"; }
kv() { tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k { print $2 }'; } # key line -> value
port_of() { if [ "$1" = ours ]; then echo "$OURS_PORT"; else echo "$KESTREL_PORT"; fi; }
pid_of() { if [ "$1" = ours ]; then echo "$ours_pid"; else echo "$kestrel_pid"; fi; }

# Memory first, on processes that have served nothing else yet (IDLE=0 skips it).
if [ "$IDLE" -gt 0 ]; then
  echo "bench: $IDLE idle SSE subscribers"
  for server in ours kestrel; do
    line=$(client idle "http://127.0.0.1:$(port_of $server)" "$IDLE" "$(pid_of $server)")
    echo "$server  $line"
    add "idle.$server" "$(kv kb_per_subscriber "$line")"
  done
fi

echo "bench: warming up"
for server in ours kestrel; do
  client sse "http://127.0.0.1:$(port_of $server)" 100 50 0 "$(pid_of $server)" >/dev/null
  client ws "ws://127.0.0.1:$(port_of $server)/ws" "$WS_CLIENTS" 1 "$WS_BYTES" "$(pid_of $server)" >/dev/null
done

for round in $(seq 1 "$ROUNDS"); do
  for server in ours kestrel; do
    line=$(client sse "http://127.0.0.1:$(port_of $server)" "$SUBSCRIBERS" "$EVENTS" "$INTERVAL_MS" "$(pid_of $server)")
    echo "round $round  sse  $server  $line"
    expected=$((SUBSCRIBERS * EVENTS))
    [ "$(kv received "$line")" = "$expected" ] || echo "bench: $server delivered $(kv received "$line") of $expected events" >&2
    for k in events_per_s p50_us p99_us cpu_us_per_event; do add "sse.$server.$k" "$(kv $k "$line")"; done
  done
  for server in ours kestrel; do
    line=$(client ws "ws://127.0.0.1:$(port_of $server)/ws" "$WS_CLIENTS" "$WS_SECONDS" "$WS_BYTES" "$(pid_of $server)")
    echo "round $round  ws   $server  $line"
    for k in round_trips_per_s p50_us p99_us cpu_us_per_round_trip; do add "ws.$server.$k" "$(kv $k "$line")"; done
  done
done

mean() { awk -v s="${sum[$1]}" -v r="$2" 'BEGIN { printf "%.1f", s / r }'; }
ratio() { awk -v a="${sum[$1]}" -v b="${sum[$2]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
summary() { # kind rate-key cpu-key title rate-label cpu-label -> one table, both servers and their ratios
  local kind=$1 rate=$2 cpu=$3 server
  echo
  echo "$4 (mean of $ROUNDS rounds)"
  printf "%-8s %14s %10s %10s %14s\n" server "$5" "p50 us" "p99 us" "$6"
  for server in ours kestrel; do
    printf "%-8s %14s %10s %10s %14s\n" "$server" "$(mean "$kind.$server.$rate" "$ROUNDS")" "$(mean "$kind.$server.p50_us" "$ROUNDS")" \
      "$(mean "$kind.$server.p99_us" "$ROUNDS")" "$(mean "$kind.$server.$cpu" "$ROUNDS")"
  done
  printf "%-8s %14s %10s %10s %14s   (rate: ours/kestrel; latency and CPU: kestrel/ours; > 1 means ours is better)\n" ratio \
    "$(ratio "$kind.ours.$rate" "$kind.kestrel.$rate")" "$(ratio "$kind.kestrel.p50_us" "$kind.ours.p50_us")" \
    "$(ratio "$kind.kestrel.p99_us" "$kind.ours.p99_us")" "$(ratio "$kind.kestrel.$cpu" "$kind.ours.$cpu")"
}
summary sse events_per_s cpu_us_per_event "SSE fan-out: $SUBSCRIBERS subscribers x $EVENTS events, ${INTERVAL_MS} ms apart" "events/s" "CPU us/event"
summary ws round_trips_per_s cpu_us_per_round_trip "WebSocket echo: $WS_CLIENTS clients, $WS_BYTES-byte messages, ${WS_SECONDS} s" "round trips/s" "CPU us/trip"

[ "$IDLE" -gt 0 ] || exit 0
echo
echo "idle SSE subscribers: server RSS growth per open stream ($IDLE streams)"
printf "ours %s KiB, kestrel %s KiB, ratio kestrel/ours %s\n" "${sum[idle.ours]}" "${sum[idle.kestrel]}" "$(ratio idle.kestrel idle.ours)"
