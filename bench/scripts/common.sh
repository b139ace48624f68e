# Shared by the bench/*.sh scripts (sourced from the repository root with the script's name): Release builds, a temp
# dir removed on exit with every server started, readiness polling, wrk runs and the server-CPU and latency helpers.
# Each helper lives here once; the scripts keep only what their scenarios need.
# shellcheck shell=bash

CLK_TCK=$(getconf CLK_TCK)
pids=()
tmp_dir=$(mktemp -d "/tmp/backend-bench-$1.XXXXXX")
bench_log_prefix=/tmp/bench-$1

bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp_dir"
}
trap bench_cleanup EXIT

# project... -> Release builds (default: samples/Hello and bench/Kestrel, the two apps most scripts compare).
bench_build() {
  local projects=("$@")
  [ ${#projects[@]} -gt 0 ] || projects=(samples/Hello bench/Kestrel)
  echo "bench: building ${projects[*]} in Release"
  for p in "${projects[@]}"; do dotnet build "$p" -c Release -v quiet -nologo >/dev/null; done
}

# name url log -> returns once url answers (15 s at most), else prints the log and exits.
bench_wait() {
  local name=$1 url=$2 log=$3
  for _ in $(seq 1 150); do
    curl -kfs "$url" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench: $name did not start; its log:" >&2
  cat "$log" >&2
  exit 1
}

# name dll base-url [app args...] -> pid in $started, once base-url/plaintext answers. Environment set on the call
# (BACKEND_ALLOC_STATS=1 bench_start ...) reaches the app. Its output goes to $bench_log_prefix-<name>.log.
bench_start() {
  local name=$1 dll=$2 base=$3
  shift 3
  dotnet "$dll" --urls "$base" "$@" >"$bench_log_prefix-$name.log" 2>&1 &
  started=$!
  pids+=("$started")
  bench_wait "$name" "$base/plaintext" "$bench_log_prefix-$name.log"
}

# utime+stime, in clock ticks, of a process and of its children still running (nginx's worker).
cpu_ticks() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" 2>/dev/null); do
    [ -r "/proc/$p/stat" ] || continue
    total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat")))
  done
  echo "$total"
}

# wrk's latency values ("1.23ms") in microseconds.
to_us() { awk '{ v=$1; if (v ~ /us$/) { sub(/us/,"",v); print v } else if (v ~ /ms$/) { sub(/ms/,"",v); print v*1000 } else if (v ~ /s$/) { sub(/s/,"",v); print v*1000000 } }'; }

# pid url [wrk args...] -> "rps p50us p99us cpu_us_per_request" for one wrk run of $DURATION s with $THREADS/$CONNECTIONS;
# CPU is the server's utime+stime across the run divided by the requests wrk completed.
bench_wrk() {
  local pid=$1 target=$2; shift 2
  local out before after rps p50 p99 requests cpu errors
  before=$(cpu_ticks "$pid")
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$target" "$@")
  after=$(cpu_ticks "$pid")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu=$(awk -v t=$((after - before)) -v n="$requests" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (n > 0 ? t * 1000000 / hz / n : 0) }')
  p50=$(awk '$1=="50%" {print $2}' <<<"$out" | to_us)
  p99=$(awk '$1=="99%" {print $2}' <<<"$out" | to_us)
  errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
  [ -z "$errors" ] || echo "bench: $target: $errors" >&2
  echo "$rps $p50 $p99 $cpu"
}

declare -A sum
add() { sum[$1]=$(awk -v a="${sum[$1]:-0}" -v b="$2" 'BEGIN{print a+b}'); }
