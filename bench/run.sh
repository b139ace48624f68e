#!/usr/bin/env bash
# Side-by-side HTTP benchmark: BackEnd (samples/Hello) vs an ASP.NET Core minimal-API app on Kestrel
# (bench/Kestrel) with the same endpoints, both built in Release and run on loopback in the same run,
# plus Debian's nginx (one worker, a fixed "Hello, World!") as the near-physical anchor for plaintext.
# Rounds alternate between the servers so drift on the machine hits all alike.
#
# Besides requests/s and latency it reports each server's CPU time per request: utime+stime of the
# server process (from /proc/<pid>/stat) across each wrk run, divided by the requests wrk completed
# (bench_wrk in bench/scripts/common.sh, shared with the other bench scripts).
# On a 2-core machine wrk competes with the server for CPU, so requests/s understates differences;
# CPU per request does not.
#
#   bash bench/run.sh              # default: 3 rounds of 10 s per scenario
#   ROUNDS=1 DURATION=5 bash bench/run.sh
#   INLINE=1 bash bench/run.sh     # both servers with inline socket completions (see below)
#   OURS_ENV=DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 bash bench/run.sh   # a runtime knob for ours only
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
IDLE=${IDLE:-10000}
OURS_PORT=${OURS_PORT:-18081}
KESTREL_PORT=${KESTREL_PORT:-18082}
NGINX_PORT=${NGINX_PORT:-18083}

if ! command -v wrk >/dev/null 2>&1 || ! command -v nginx >/dev/null 2>&1; then
  echo "bench: installing wrk and nginx from apt"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null
fi

source bench/scripts/common.sh run
bench_build
ulimit -n 20000 || true

# INLINE=1 sets the runtime's process-wide DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 for BOTH servers: socket
# completions run on the epoll threads, so no thread-pool hop lies between a read and the handler (ours runs the
# handler right there; Kestrel still hands requests to its own queues). A handler that blocks then stalls every
# connection of that epoll thread, so it is a measurement, not our default.
if [ "${INLINE:-0}" = 1 ]; then
  export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1
  echo "bench: inline socket completions in both servers"
fi

# OURS_ENV="NAME=value ..." starts ours alone with those runtime settings (e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0),
# to measure a knob before it becomes a BackEnd default; Kestrel always runs with the runtime's defaults.
read -ra ours_env <<<"${OURS_ENV:-}"
for setting in "${ours_env[@]}"; do export "${setting?}"; done

# Each app keeps its SQLite file in the temp dir; both seed the same 10,000 users. Ours runs without the per-request
# logging scope, as the Kestrel app runs without log providers. samples/Hello prints its allocation counters on
# shutdown with BACKEND_ALLOC_STATS=1 (see samples/Hello/README.md).
BACKEND_ALLOC_STATS=1 bench_start ours samples/Hello/bin/Release/net10.0/Hello.dll "http://127.0.0.1:$OURS_PORT" --ConnectionStrings:Default "Data Source=$tmp_dir/hello.db" \
  --Logging:LogLevel:BackEnd.Server.Request=None
for setting in "${ours_env[@]}"; do unset "${setting%%=*}"; done
ours_pid=$started
bench_start kestrel bench/Kestrel/bin/Release/net10.0/Kestrel.dll "http://127.0.0.1:$KESTREL_PORT" --db "$tmp_dir/kestrel.db"
kestrel_pid=$started

# nginx in the foreground with one worker; its CPU is the master's plus the worker's (the master idles).
nginx_dir=$tmp_dir/nginx
mkdir -p "$nginx_dir"
cat >"$nginx_dir/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/error.log;
events { worker_connections 20000; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT reuseport;
    location = /plaintext { default_type text/plain; return 200 "Hello, World!"; }
  }
}
NGINX
nginx -c "$nginx_dir/nginx.conf" -p "$nginx_dir" >"$bench_log_prefix-nginx.log" 2>&1 &
nginx_pid=$!
pids+=("$nginx_pid")
bench_wait nginx "http://127.0.0.1:$NGINX_PORT/plaintext" "$bench_log_prefix-nginx.log"
[ "$(curl -fs "http://127.0.0.1:$NGINX_PORT/plaintext")" = "Hello, World!" ] || { echo "bench: nginx answers something else" >&2; exit 1; }

# Check both answer the same before measuring anything.
for path in /plaintext /json /users/42 /db/users/42; do
  a=$(curl -fs "http://127.0.0.1:$OURS_PORT$path"); b=$(curl -fs "http://127.0.0.1:$KESTREL_PORT$path")
  [ "$a" = "$b" ] || { echo "bench: $path differs: ours '$a' vs kestrel '$b'" >&2; exit 1; }
done

# JIT tiering and pools settle before anything is recorded.
echo "bench: warming up"
for port in "$OURS_PORT" "$KESTREL_PORT"; do
  for path in /plaintext /json /users/42 /db/users/42; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-3}s" "http://127.0.0.1:$port$path" >/dev/null
  done
done
wrk -t"$THREADS" -c"$CONNECTIONS" -d1s "http://127.0.0.1:$NGINX_PORT/plaintext" >/dev/null

# name:path:extra wrk args. nginx serves only the plaintext scenarios.
scenarios=("plaintext:/plaintext:" "json:/json:" "pipelined16:/plaintext:-s bench/scripts/pipeline.lua" "users:/users/42:" "db-users:/db/users/42:")
for round in $(seq 1 "$ROUNDS"); do
  for s in "${scenarios[@]}"; do
    IFS=: read -r name path extra <<<"$s"
    servers=(ours kestrel)
    [ "$path" = /plaintext ] && servers+=(nginx)
    for server in "${servers[@]}"; do
      case $server in
        ours) port=$OURS_PORT pid=$ours_pid ;;
        kestrel) port=$KESTREL_PORT pid=$kestrel_pid ;;
        nginx) port=$NGINX_PORT pid=$nginx_pid ;;
      esac
      # shellcheck disable=SC2086
      read -r rps p50 p99 cpu < <(bench_wrk "$pid" "http://127.0.0.1:$port$path" $extra)
      echo "round $round  $name  $server  ${rps} req/s  p50 ${p50}us  p99 ${p99}us  cpu ${cpu}us/req"
      add "$name.$server.rps" "$rps"; add "$name.$server.p50" "$p50"; add "$name.$server.p99" "$p99"; add "$name.$server.cpu" "$cpu"
    done
  done
done

echo
echo "requests/s and latency (mean of $ROUNDS rounds); ratio = ours / kestrel"
printf "%-12s %12s %12s %7s %10s %10s %10s %10s %12s\n" scenario "ours req/s" "kestrel" ratio "ours p50" "kest p50" "ours p99" "kest p99" "nginx req/s"
for s in "${scenarios[@]}"; do
  IFS=: read -r name _ _ <<<"$s"
  awk -v n="$name" -v r="$ROUNDS" -v o="${sum[$name.ours.rps]}" -v k="${sum[$name.kestrel.rps]}" -v g="${sum[$name.nginx.rps]:-0}" \
      -v o50="${sum[$name.ours.p50]}" -v k50="${sum[$name.kestrel.p50]}" -v o99="${sum[$name.ours.p99]}" -v k99="${sum[$name.kestrel.p99]}" \
      'BEGIN { printf "%-12s %12.0f %12.0f %7.2f %8.0fus %8.0fus %8.0fus %8.0fus %12s\n", n, o/r, k/r, o/k, o50/r, k50/r, o99/r, k99/r, (g > 0 ? sprintf("%.0f", g/r) : "-") }'
done

echo
echo "CPU time per request (server process utime+stime / requests served, mean of $ROUNDS rounds)"
printf "%-12s %10s %10s %10s %16s %14s\n" scenario "ours us" "kestrel us" "nginx us" "kestrel/ours" "ours/nginx"
for s in "${scenarios[@]}"; do
  IFS=: read -r name _ _ <<<"$s"
  awk -v n="$name" -v r="$ROUNDS" -v o="${sum[$name.ours.cpu]}" -v k="${sum[$name.kestrel.cpu]}" -v g="${sum[$name.nginx.cpu]:-0}" \
      'BEGIN { printf "%-12s %10.2f %10.2f %10s %16.2f %14s\n", n, o/r, k/r, (g > 0 ? sprintf("%.2f", g/r) : "-"), (o > 0 ? k/o : 0), (g > 0 ? sprintf("%.2f", o/g) : "-") }'
done

echo
echo "bench: $IDLE idle keep-alive connections (client in another process)"
for server in ours kestrel; do
  port=$OURS_PORT; pid=$ours_pid
  [ "$server" = kestrel ] && { port=$KESTREL_PORT; pid=$kestrel_pid; }
  echo "$server: $(python3 bench/scripts/idle_connections.py 127.0.0.1 "$port" "$pid" "$IDLE")"
done

# Allocation per request: the counters samples/Hello prints on shutdown.
kill -TERM "$ours_pid"; wait "$ours_pid" 2>/dev/null || true
grep -i "alloc" "$bench_log_prefix-ours.log" || echo "bench: samples/Hello printed no allocation figures"
