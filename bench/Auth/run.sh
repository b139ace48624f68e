#!/usr/bin/env bash
# Auth benchmark: BackEnd.Auth vs an ASP.NET Core minimal-API app on Kestrel doing a comparable bearer-token check
# (bench/Auth, one executable: --mode backend | kestrel | hash), both in Release on loopback in the same run.
#
#  - plaintext: an anonymous route (the auth middleware runs but finds no credentials);
#  - secure:    GET /secure with "Authorization: Bearer <token>" (SHA-256 of the token, look-up, principal, authorization);
#  - login:     POST /auth/login for a token; ours verifies bcrypt cost $COST, Kestrel Identity's PasswordHasher
#               (PBKDF2-HMAC-SHA512, 100,000 iterations), so this compares defaults, not algorithms;
#  - hashing:   verifications per second in process (ours vs BCrypt.Net-Next direct vs Identity).
# Reports requests/s, p99 and server CPU per request (utime+stime from /proc/<pid>/stat / requests), as bench/run.sh.
#
#   bash bench/Auth/run.sh                 # default: 3 rounds of 10 s per scenario
#   ROUNDS=1 DURATION=5 bash bench/Auth/run.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
LOGIN_CONNECTIONS=${LOGIN_CONNECTIONS:-4}
THREADS=${THREADS:-2}
COST=${COST:-12}
OURS_PORT=${OURS_PORT:-18681}
KESTREL_PORT=${KESTREL_PORT:-18682}

source bench/scripts/common.sh auth
echo "bench: building bench/Auth in Release"
dotnet build bench/Auth -c Release -v quiet -nologo >/dev/null
dll=bench/Auth/bin/Release/net10.0/BackEnd.Bench.Auth.dll

bench_start ours "$dll" "http://127.0.0.1:$OURS_PORT" --mode backend --cost "$COST"
ours_pid=$started
bench_start kestrel "$dll" "http://127.0.0.1:$KESTREL_PORT" --mode kestrel
kestrel_pid=$started

base() { if [ "$1" = ours ]; then echo "http://127.0.0.1:$OURS_PORT"; else echo "http://127.0.0.1:$KESTREL_PORT"; fi; }

# The same user on both, then a token each; /secure must answer 200 with it and 401 without.
declare -A token
for server in ours kestrel; do
  curl -fs -o /dev/null -H 'Content-Type: application/json' -d '{"userName":"bench","password":"violet-harbor-42"}' "$(base $server)/auth/register"
  token[$server]=$(curl -fs -H 'Content-Type: application/json' -d '{"userName":"bench","password":"violet-harbor-42","token":true}' "$(base $server)/auth/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${token[$server]}" "$(base $server)/secure")" = 200 ] || { echo "bench: $server refuses its own token" >&2; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$(base $server)/secure")" = 401 ] || { echo "bench: $server lets an anonymous request through" >&2; exit 1; }
done

run_wrk() { # pid connections url extra-args... -> "rps p99us cpu_us_per_request"
  local pid=$1 connections=$2 target=$3; shift 3
  local out before after rps p99 requests cpu errors
  before=$(cpu_ticks "$pid")
  out=$(wrk -t"$THREADS" -c"$connections" -d"${DURATION}s" --timeout 30s --latency "$target" "$@")
  after=$(cpu_ticks "$pid")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu=$(awk -v t=$((after - before)) -v n="$requests" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (n > 0 ? t * 1000000 / hz / n : 0) }')
  p99=$(awk '$1=="99%" {print $2}' <<<"$out" | to_us)
  errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
  [ -z "$errors" ] || echo "bench: $target: $errors" >&2
  echo "$rps $p99 $cpu"
}

scenarios=(plaintext secure login)
run_scenario() { # server scenario -> "rps p99 cpu"
  local server=$1 name=$2 pid=$ours_pid
  [ "$server" = kestrel ] && pid=$kestrel_pid
  case $name in
    plaintext) run_wrk "$pid" "$CONNECTIONS" "$(base "$server")/plaintext" ;;
    secure) run_wrk "$pid" "$CONNECTIONS" "$(base "$server")/secure" -H "Authorization: Bearer ${token[$server]}" ;;
    login) run_wrk "$pid" "$LOGIN_CONNECTIONS" "$(base "$server")/auth/login" -s bench/Auth/login.lua ;;
  esac
}

echo "bench: warming up"
for s in plaintext secure; do
  for server in ours kestrel; do DURATION=${WARMUP:-2} run_scenario "$server" "$s" >/dev/null; done
done

for round in $(seq 1 "$ROUNDS"); do
  for s in "${scenarios[@]}"; do
    for server in ours kestrel; do
      read -r rps p99 cpu < <(run_scenario "$server" "$s")
      echo "round $round  $s  $server  ${rps} req/s  p99 ${p99}us  cpu ${cpu}us/req"
      add "$s.$server.rps" "$rps"; add "$s.$server.p99" "$p99"; add "$s.$server.cpu" "$cpu"
    done
  done
done

echo
echo "auth, mean of $ROUNDS rounds of ${DURATION}s, wrk -t$THREADS -c$CONNECTIONS (login -c$LOGIN_CONNECTIONS; ours bcrypt cost $COST, Kestrel Identity PBKDF2 100k)"
echo "req/s ratio = ours / kestrel (> 1: ours faster); CPU ratio = kestrel / ours (> 1: ours cheaper)"
printf "%-10s %11s %11s %6s %10s %10s %10s %10s %6s\n" scenario "ours req/s" kestrel ratio "ours p99" "kest p99" "ours cpu" "kest cpu" ratio
for s in "${scenarios[@]}"; do
  awk -v n="$s" -v r="$ROUNDS" -v o="${sum[$s.ours.rps]}" -v k="${sum[$s.kestrel.rps]}" \
      -v o99="${sum[$s.ours.p99]}" -v k99="${sum[$s.kestrel.p99]}" -v oc="${sum[$s.ours.cpu]}" -v kc="${sum[$s.kestrel.cpu]}" \
      'BEGIN { printf "%-10s %11.1f %11.1f %6.2f %8.0fus %8.0fus %8.1fus %8.1fus %6.2f\n", n, o/r, k/r, (k > 0 ? o/k : 0), o99/r, k99/r, oc/r, kc/r, (oc > 0 ? kc/oc : 0) }'
done

echo
echo "password hashing in process (one at a time):"
dotnet "$dll" --mode hash
