#!/usr/bin/env bash
# Side-by-side static-file benchmark: BackEnd's MapStaticFiles (samples/Hello serves its wwwroot at /) vs
# ASP.NET Core's UseStaticFiles on Kestrel (bench/Kestrel serves --static <folder> at /static), both in
# Release on loopback, reading the very same 1 KB and 1 MB files, each fetched plainly (200 with the body)
# and with If-None-Match carrying the server's own ETag (304, no body).
#
# samples/Hello serves the wwwroot beside its assembly, so the script copies its Release output into a temp
# dir and puts the two files into that copy's wwwroot; Kestrel is pointed at the same folder.
# Reports requests/s, p99 and the server's CPU time per request (bench_wrk in bench/scripts/common.sh).
#
#   bash bench/static.sh                 # default: 3 rounds of 10 s per scenario
#   ROUNDS=2 DURATION=5 bash bench/static.sh
#   OURS_ENV=DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 bash bench/static.sh   # a runtime knob for ours only
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
OURS_PORT=${OURS_PORT:-18581}
KESTREL_PORT=${KESTREL_PORT:-18582}

source bench/scripts/common.sh static
bench_build

cp -r samples/Hello/bin/Release/net10.0 "$tmp_dir/hello"
www=$tmp_dir/hello/wwwroot
# Text (so both servers know the MIME type) cut to exactly 1 KiB and 1 MiB.
head -c 768 /dev/urandom | base64 -w 76 >"$www/1k.txt" && truncate -s 1024 "$www/1k.txt"
head -c 786432 /dev/urandom | base64 -w 76 >"$www/1m.txt" && truncate -s 1048576 "$www/1m.txt"

# OURS_ENV="NAME=value ..." starts ours alone with those runtime settings (e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0),
# to measure a knob before it becomes a BackEnd default; Kestrel always runs with the runtime's defaults.
read -ra ours_env <<<"${OURS_ENV:-}"
for setting in "${ours_env[@]}"; do export "${setting?}"; done

# Ours runs without the per-request logging scope, as in bench/run.sh: the Kestrel app runs without log providers.
bench_start ours "$tmp_dir/hello/Hello.dll" "http://127.0.0.1:$OURS_PORT" --ConnectionStrings:Default "Data Source=$tmp_dir/hello.db" \
  --Logging:LogLevel:BackEnd.Server.Request=None
for setting in "${ours_env[@]}"; do unset "${setting%%=*}"; done
ours_pid=$started
bench_start kestrel bench/Kestrel/bin/Release/net10.0/Kestrel.dll "http://127.0.0.1:$KESTREL_PORT" --db "$tmp_dir/kestrel.db" --static "$www"
kestrel_pid=$started

url() { # server file
  if [ "$1" = ours ]; then echo "http://127.0.0.1:$OURS_PORT/$2"; else echo "http://127.0.0.1:$KESTREL_PORT/static/$2"; fi
}

# Both must serve the same bytes and answer their own ETag with 304 before anything is measured.
declare -A etag
for file in 1k.txt 1m.txt; do
  for server in ours kestrel; do
    cmp -s <(curl -fs "$(url "$server" "$file")") "$www/$file" || { echo "bench: $server serves a different $file" >&2; exit 1; }
    etag[$server.$file]=$(curl -fsI "$(url "$server" "$file")" | awk -F': ' 'tolower($1)=="etag" { sub(/\r$/, "", $2); print $2 }')
    [ -n "${etag[$server.$file]}" ] || { echo "bench: $server sends no ETag for $file" >&2; exit 1; }
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: ${etag[$server.$file]}" "$(url "$server" "$file")")
    [ "$code" = 304 ] || { echo "bench: $server answers If-None-Match on $file with $code" >&2; exit 1; }
  done
done

scenarios=("1k:1k.txt:" "1k-304:1k.txt:inm" "1m:1m.txt:" "1m-304:1m.txt:inm")
run_scenario() { # server scenario-spec -> "rps p50 p99 cpu"
  local server=$1 spec=$2 name file inm pid=$ours_pid
  IFS=: read -r name file inm <<<"$spec"
  [ "$server" = kestrel ] && pid=$kestrel_pid
  if [ -n "$inm" ]; then
    bench_wrk "$pid" "$(url "$server" "$file")" -s bench/scripts/if_none_match.lua -- "${etag[$server.$file]}"
  else
    bench_wrk "$pid" "$(url "$server" "$file")"
  fi
}

echo "bench: warming up"
for s in "${scenarios[@]}"; do
  for server in ours kestrel; do DURATION=${WARMUP:-2} run_scenario "$server" "$s" >/dev/null; done
done

for round in $(seq 1 "$ROUNDS"); do
  for s in "${scenarios[@]}"; do
    name=${s%%:*}
    for server in ours kestrel; do
      read -r rps _ p99 cpu < <(run_scenario "$server" "$s")
      echo "round $round  $name  $server  ${rps} req/s  p99 ${p99}us  cpu ${cpu}us/req"
      add "$name.$server.rps" "$rps"; add "$name.$server.p99" "$p99"; add "$name.$server.cpu" "$cpu"
    done
  done
done

echo
echo "static files, mean of $ROUNDS rounds of ${DURATION}s, wrk -t$THREADS -c$CONNECTIONS"
echo "req/s ratio = ours / kestrel (> 1: ours faster); CPU ratio = kestrel / ours (> 1: ours cheaper)"
printf "%-8s %11s %11s %6s %10s %10s %9s %9s %6s\n" scenario "ours req/s" kestrel ratio "ours p99" "kest p99" "ours cpu" "kest cpu" ratio
for s in "${scenarios[@]}"; do
  name=${s%%:*}
  awk -v n="$name" -v r="$ROUNDS" -v o="${sum[$name.ours.rps]}" -v k="${sum[$name.kestrel.rps]}" \
      -v o99="${sum[$name.ours.p99]}" -v k99="${sum[$name.kestrel.p99]}" -v oc="${sum[$name.ours.cpu]}" -v kc="${sum[$name.kestrel.cpu]}" \
      'BEGIN { printf "%-8s %11.0f %11.0f %6.2f %8.0fus %8.0fus %7.1fus %7.1fus %6.2f\n", n, o/r, k/r, o/k, o99/r, k99/r, oc/r, kc/r, kc/oc }'
done
