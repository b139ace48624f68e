# Shared by bench/tls.sh and bench/static.sh (sourced from the repository root): Release builds, a temp dir
# removed on exit with every server started, readiness polling, and the server-CPU and latency helpers.
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

bench_build() {
  echo "bench: building both apps in Release"
  dotnet build samples/Hello -c Release -v quiet -nologo >/dev/null
  dotnet build bench/Kestrel -c Release -v quiet -nologo >/dev/null
}

# name dll base-url [app args...] -> pid in $started, once base-url/plaintext answers.
bench_start() {
  local name=$1 dll=$2 base=$3
  shift 3
  dotnet "$dll" --urls "$base" "$@" >"$bench_log_prefix-$name.log" 2>&1 &
  started=$!
  pids+=("$started")
  for _ in $(seq 1 150); do
    curl -kfs "$base/plaintext" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench: $name did not start; its log:" >&2
  cat "$bench_log_prefix-$name.log" >&2
  exit 1
}

# utime+stime of one process, in clock ticks.
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# wrk's latency values ("1.23ms") in microseconds.
to_us() { awk '{ v=$1; if (v ~ /us$/) { sub(/us/,"",v); print v } else if (v ~ /ms$/) { sub(/ms/,"",v); print v*1000 } else if (v ~ /s$/) { sub(/s/,"",v); print v*1000000 } }'; }

declare -A sum
add() { sum[$1]=$(awk -v a="${sum[$1]:-0}" -v b="$2" 'BEGIN{print a+b}'); }
