#!/usr/bin/env bash
# samples/Conduit under load, measured as issue 17 measured the reference ASP.NET Core RealWorld app: logging at Warning,
# 20 articles seeded, `wrk -t1 -c64 -d5s` per route, CPU time per request from /proc/<pid>/stat (utime+stime across the
# run / requests), requests/s, p99, and RSS after the load. One table: per route our CPU/request, its ratio to the
# reference's (goal: at most 0.25), req/s and p99 (goal: under 20 ms); then RSS (goal: under 100 MB) and the lines of
# application C# (goal: under 1,000). Run from the repository root: bash bench/Conduit/run.sh
# Every route is warmed before any is measured: the runtime compiles hot methods again, optimised, for several seconds after
# start (with a 2 s warm-up of the first route alone, that one-off work landed in the first route's window: the list's).
# Settings: WARMUP (s per route and round, default 2), WARMUP_ROUNDS (2), DURATION (s, 5), CONNECTIONS (64), THREADS (1),
# PORT (56390), IDLE (s to wait after the load before reading RSS again, 4).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=bench/scripts/common.sh
source bench/scripts/common.sh conduit

WARMUP=${WARMUP:-2} WARMUP_ROUNDS=${WARMUP_ROUNDS:-2} DURATION=${DURATION:-5} CONNECTIONS=${CONNECTIONS:-64} THREADS=${THREADS:-1} PORT=${PORT:-56390}
base="http://127.0.0.1:$PORT/api"

echo "bench: building samples/Conduit in Release"
dotnet build samples/Conduit -c Release -v quiet -nologo >/dev/null
dotnet samples/Conduit/bin/Release/net10.0/Conduit.dll --urls "http://127.0.0.1:$PORT" --Conduit:DataPath "$tmp_dir" \
  --Logging:LogLevel:Default=Warning >"$bench_log_prefix.log" 2>&1 &
pid=$!
pids+=("$pid")
for _ in $(seq 1 300); do curl -fs "$base/tags" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "$base/tags" >/dev/null || { echo "bench: Conduit did not start; its log:" >&2; cat "$bench_log_prefix.log" >&2; exit 1; }

token=""
json() {
  local auth=()
  [ -z "$token" ] || auth=(-H "Authorization: Token $token")
  curl -fsS -H 'Content-Type: application/json' "${auth[@]}" "$@"
}
token=$(json -X POST "$base/users" -d '{"user":{"username":"bench","email":"bench@example.com","password":"bench-password-1"}}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["token"])')
body=$(python3 -c 'print(("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 18).strip())')
for i in $(seq 1 20); do
  json -X POST "$base/articles" -o /dev/null \
    -d "{\"article\":{\"title\":\"Benchmark article $i\",\"description\":\"What article $i is about\",\"body\":\"$body\",\"tagList\":[\"bench\",\"tag$((i % 5))\"]}}"
done
slug="benchmark-article-20"

run_wrk() { # url extra-args... -> "rps p99us cpu_us_per_request"
  local target=$1; shift
  local out before after rps p99 requests cpu errors
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$target" "$@" >/dev/null
  before=$(cpu_ticks "$pid")
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$target" "$@")
  after=$(cpu_ticks "$pid")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu=$(awk -v t=$((after - before)) -v n="$requests" -v hz="$CLK_TCK" 'BEGIN { printf "%.0f", (n > 0 ? t * 1000000 / hz / n : 0) }')
  p99=$(awk '$1=="99%" {print $2}' <<<"$out" | to_us)
  errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
  [ -z "$errors" ] || echo "bench: $target: $errors" >&2
  echo "$rps $p99 $cpu"
}

echo "bench: warming every route ($WARMUP_ROUNDS × ${WARMUP}s each)"
for _ in $(seq 1 "$WARMUP_ROUNDS"); do
  for path in articles "articles/$slug" tags; do wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$base/$path" >/dev/null; done
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$base/user" -H "Authorization: Token $token" >/dev/null
done

bytes=$(curl -fs "$base/articles" | wc -c)
echo "bench: GET /api/articles is $bytes bytes (20 articles; lists carry no body, as the specification's list schema says)"
echo
echo "| route | CPU µs/request ours | reference | ours/reference (goal ≤ 0.25) | req/s ours | reference | p99 ours (goal < 20 ms) | reference |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
row() { # label reference-cpu-µs reference-cpu-text reference-rps reference-p99 url extra...
  local label=$1 rcpu=$2 rcputext=$3 rrps=$4 rp99=$5; shift 5
  read -r rps p99 cpu <<<"$(run_wrk "$@")"
  printf '| %s | %s | %s | %s | %.0f | %s | %.2f ms | %s |\n' "$label" "$cpu" "$rcputext" \
    "$(awk -v o="$cpu" -v r="$rcpu" 'BEGIN { printf "%.2f%s", o / r, (o / r <= 0.25 ? "" : " (over)") }')" \
    "$rps" "$rrps" "$(awk -v p="$p99" 'BEGIN{print p/1000}')" "$rp99"
}
# The ratio divides by the lower end of the reference's range, so it never flatters ours.
row '`GET /api/articles`' 905 '905–917 µs' '750–830' '0.48–0.62 s' "$base/articles"
row '`GET /api/articles/{slug}`' 341 '341–349 µs' '2,480–2,670' '0.56–0.62 s' "$base/articles/$slug"
row '`GET /api/tags`' 182 '182–185 µs' '5,400–5,630' '0.44–0.49 s' "$base/tags"
row '`GET /api/user` (token)' 296 '296 µs' '3,420–3,490' '0.60–0.98 s' "$base/user" -H "Authorization: Token $token"
echo
rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
# The server gives memory back once idle for 2 s (IdleMemoryTrim, set in Conduit's Program.cs), on a once-a-second heartbeat.
sleep "${IDLE:-4}"
idle_rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
peak=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
lines=$(cat samples/Conduit/*.cs | wc -l)
echo "RSS after the load: $rss MB at once, $idle_rss MB ${IDLE:-4} s later (idle trim); peak $peak MB (goal: under 100 MB; reference: 225 MB)."
echo "Application C#: $lines lines (samples/Conduit/*.cs, without tests and migrations; goal: under 1,000)."
echo "Load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
