#!/usr/bin/env bash
# Side-by-side HTTP benchmark: BackEnd (samples/Hello) vs an ASP.NET Core minimal-API app on Kestrel
# (bench/Kestrel) with the same endpoints, both built in Release and run on loopback in the same run,
# plus Debian's nginx (one worker, a fixed "Hello, World!") as the near-physical anchor for plaintext.
#
# Besides requests/s and latency it reports each server's CPU time per request: utime+stime of the
# server process (from /proc/<pid>/stat) across each wrk run, divided by the requests wrk completed
# (bench_wrk in bench/scripts/common.sh, shared with the other bench scripts).
# On a 2-core machine wrk competes with the server for CPU, so requests/s understates differences;
# CPU per request does not.
#
# Steadiness: both servers start once and stay up; each scenario runs as PAIRS short alternating slices
# (ours then Kestrel, then Kestrel then ours, ...) after one discarded warm-up pair, so drift on the machine
# hits both sides of a pair alike. Each pair gives one Kestrel/ours CPU ratio; a row reports the median of
# the pairs' ratios with its interquartile range, and the medians of p99 and CPU per request.
#
#   bash bench/run.sh              # default: 8 pairs of 3 s slices per scenario
#   PAIRS=16 SLICE=2 bash bench/run.sh
#   INLINE=1 bash bench/run.sh     # both servers with inline socket completions (see below)
#   OURS_ENV=DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 bash bench/run.sh   # a runtime knob for ours only
#   OURS_ENV=BackEnd__Server__NativeSocketLoop=false bash bench/run.sh   # ours on the runtime's socket engine, not its epoll loop
#   ROWS="json users" IDLE=0 bash bench/run.sh   # only these rows (names as printed), no idle-connection step
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PAIRS=${PAIRS:-8}
SLICE=${SLICE:-3}
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

# Check both answer alike before measuring anything: same status, body, Content-Type, Date and keep-alive (framing,
# Server and bytes on the wire are printed: they are each side's defaults and part of its work per request).
python3 bench/scripts/compare_responses.py "$OURS_PORT" "$KESTREL_PORT" /plaintext /json /users/42 /db/users/42

# JIT tiering and pools settle before anything is recorded.
echo "bench: warming up"
for port in "$OURS_PORT" "$KESTREL_PORT"; do
  for path in /plaintext /json /users/42 /db/users/42; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-3}s" "http://127.0.0.1:$port$path" >/dev/null
  done
done
wrk -t"$THREADS" -c"$CONNECTIONS" -d1s "http://127.0.0.1:$NGINX_PORT/plaintext" >/dev/null

# "median q1 q3" of the numbers on stdin (quartiles interpolated between ranks).
quartiles() {
  sort -g | awk '{ v[NR] = $1 }
    function q(p,  r, i) { r = 1 + (NR - 1) * p; i = int(r); return v[i] + (r - i) * (i < NR ? v[i + 1] - v[i] : 0) }
    END { if (NR == 0) { print "0 0 0" } else { printf "%.2f %.2f %.2f\n", q(0.5), q(0.25), q(0.75) } }'
}

# server name path extra -> one slice of $SLICE s; appends "rps p50 p99 cpu" to $tmp_dir/<name>.<server>.
slice() {
  local server=$1 name=$2 path=$3 extra=$4 port pid rps p50 p99 cpu
  case $server in
    ours) port=$OURS_PORT pid=$ours_pid ;;
    kestrel) port=$KESTREL_PORT pid=$kestrel_pid ;;
    nginx) port=$NGINX_PORT pid=$nginx_pid ;;
  esac
  # shellcheck disable=SC2086
  read -r rps p50 p99 cpu < <(DURATION=$SLICE bench_wrk "$pid" "http://127.0.0.1:$port$path" $extra)
  echo "$rps $p50 $p99 $cpu" >>"$tmp_dir/$name.$server"
  printf "  %-8s %9.0f req/s  p99 %7.0fus  cpu %6.2fus/req" "$server" "$rps" "$p99" "$cpu"
}

# name:path:extra wrk args. nginx serves only the plaintext scenarios.
scenarios=("plaintext:/plaintext:" "json:/json:" "pipelined16:/plaintext:-s bench/scripts/pipeline.lua" "users:/users/42:" "db-users:/db/users/42:")
if [ -n "${ROWS:-}" ]; then
  selected=()
  for s in "${scenarios[@]}"; do
    [[ " $ROWS " == *" ${s%%:*} "* ]] && selected+=("$s")
  done
  [ ${#selected[@]} -gt 0 ] || { echo "bench: ROWS=\"$ROWS\" names no row (plaintext json pipelined16 users db-users)" >&2; exit 1; }
  scenarios=("${selected[@]}")
fi
for s in "${scenarios[@]}"; do
  IFS=: read -r name path extra <<<"$s"
  # Pair 0 is a warm-up: the first slice after a switch of endpoint runs colder on both sides; it is discarded.
  for pair in $(seq 0 "$PAIRS"); do
    order=(ours kestrel)
    [ $((pair % 2)) = 1 ] && order=(kestrel ours)
    [ "$path" = /plaintext ] && order+=(nginx)
    printf "%-12s pair %2d" "$name" "$pair"
    for server in "${order[@]}"; do slice "$server" "$name" "$path" "$extra"; done
    if [ "$pair" = 0 ]; then
      for server in "${order[@]}"; do : >"$tmp_dir/$name.$server"; done
      echo "  (warm-up, discarded)"
    else
      o=$(tail -n1 "$tmp_dir/$name.ours" | awk '{print $4}'); k=$(tail -n1 "$tmp_dir/$name.kestrel" | awk '{print $4}')
      awk -v o="$o" -v k="$k" 'BEGIN { printf "  kestrel/ours cpu %.2f\n", (o > 0 ? k / o : 0) }'
    fi
  done
done

# column file -> median of that column over the pairs.
median_of() { awk -v c="$1" '{ print $c }' "$2" | quartiles | awk '{ print $1 }'; }

echo
echo "per scenario: medians over $PAIRS pairs of ${SLICE} s slices (warm-up pair discarded); [IQR] of the pairs' ratios"
printf "%-12s %10s %10s %8s %16s %22s %9s %9s %10s %10s\n" scenario "ours us" "kestrel us" "nginx us" "kestrel/ours cpu" "[IQR]" "ours p99" "kest p99" "ours rps" "kest rps"
for s in "${scenarios[@]}"; do
  IFS=: read -r name _ _ <<<"$s"
  read -r ratio q1 q3 < <(paste -d' ' "$tmp_dir/$name.ours" "$tmp_dir/$name.kestrel" | awk '$4 > 0 { print $8 / $4 }' | quartiles)
  read -r rps_ratio _ _ < <(paste -d' ' "$tmp_dir/$name.ours" "$tmp_dir/$name.kestrel" | awk '$5 > 0 { print $1 / $5 }' | quartiles)
  nginx_cpu=-
  [ -s "$tmp_dir/$name.nginx" ] && nginx_cpu=$(median_of 4 "$tmp_dir/$name.nginx")
  printf "%-12s %10s %10s %8s %16s %22s %7.0fus %7.0fus %10.0f %10.0f  (ours/kestrel req/s %s)\n" "$name" \
    "$(median_of 4 "$tmp_dir/$name.ours")" "$(median_of 4 "$tmp_dir/$name.kestrel")" "$nginx_cpu" "$ratio" "[$q1, $q3]" \
    "$(median_of 3 "$tmp_dir/$name.ours")" "$(median_of 3 "$tmp_dir/$name.kestrel")" \
    "$(median_of 1 "$tmp_dir/$name.ours")" "$(median_of 1 "$tmp_dir/$name.kestrel")" "$rps_ratio"
done

if [ "$IDLE" -gt 0 ]; then
  echo "bench: $IDLE idle keep-alive connections (client in another process)"
  for server in ours kestrel; do
    port=$OURS_PORT; pid=$ours_pid
    [ "$server" = kestrel ] && { port=$KESTREL_PORT; pid=$kestrel_pid; }
    echo "$server: $(python3 bench/scripts/idle_connections.py 127.0.0.1 "$port" "$pid" "$IDLE")"
  done
fi

# Allocation per request: the counters samples/Hello prints on shutdown.
kill -TERM "$ours_pid"; wait "$ours_pid" 2>/dev/null || true
grep -i "alloc" "$bench_log_prefix-ours.log" || echo "bench: samples/Hello printed no allocation figures"
