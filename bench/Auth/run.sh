#!/usr/bin/env bash
# Auth benchmark: BackEnd.Auth vs an ASP.NET Core minimal-API app on Kestrel doing a comparable bearer-token check
# (bench/Auth, one executable: --mode backend | kestrel | hash), both in Release on loopback in the same run.
#
#  - plaintext: an anonymous route (the auth middleware runs but finds no credentials);
#  - secure:    GET /secure with "Authorization: Bearer <token>" (SHA-256 of the token, look-up, principal, authorization);
#  - login:     POST /auth/login for a token; ours verifies bcrypt cost $COST, Kestrel Identity's PasswordHasher
#               (PBKDF2-HMAC-SHA512, 100,000 iterations), so this compares defaults, not algorithms;
#  - middleware: /plaintext requests/s with the auth middleware on vs off (the same app started with --auth off), $MW_ROUNDS
#               pairs of $MW_DURATION s runs in alternating order; median of the pair ratios and their spread, CPU and bytes
#               allocated per request (target: on/off >= 0.97);
#  - flood:     /plaintext p99 at $PROBE_CONNECTIONS connections (wrk -t1), idle and then while $FLOOD_CONNECTIONS connections POST
#               wrong-password sign-ins (wrk -t1 with a Lua script; its CPU is printed), the same probe settings both times
#               (target: loaded/idle <= 2). Cases, each on a fresh server stopped afterwards: the shipped rate limit and
#               lockout with refusals held (RefusalDelay, 0.5-1 s), held then Connection: close, answered at once, limits
#               off (every attempt pays a bcrypt verify). Each first takes a $FLOOD_WARMUP s flood, as /plaintext is warmed
#               before its idle probe, so the measured flood is one in progress; "limits-cold" measures the first seconds
#               of a flood on a fresh server instead (its 5 verifies and the runtime's first compiles of the flood's paths).
#               Per case: the load average, server CPU (hashing threads, tier-up compiler, rest), the flood client's CPU,
#               allocations per attempt and collections; $FLOOD_ROUNDS rounds interleaved, each printed, then the medians;
#  - hashing:   bcrypt cost 10 and 12 per hash and per verify through our PasswordHasher vs python3-bcrypt (C, Debian's
#               /usr/bin/python3) in the same run (target: ours/C <= 1.3), plus BCrypt.Net-Next direct and Identity.
# Reports requests/s, p99 and server CPU per request (utime+stime from /proc/<pid>/stat / requests), as bench/run.sh.
# Every wrk run is bounded by -d; with ROUNDS=1 DURATION=5 the script takes about 3 minutes after the build.
#
#   bash bench/Auth/run.sh                 # default: 3 rounds of 10 s per scenario
#   ROUNDS=1 DURATION=5 bash bench/Auth/run.sh
#   FLOOD_ONLY=1 DURATION=5 bash bench/Auth/run.sh   # only the flood comparison (FLOOD_ROUNDS, default 5)
#   MW_ONLY=1 bash bench/Auth/run.sh                 # only the middleware on/off comparison (MW_ROUNDS, MW_DURATION)
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
OFF_PORT=${OFF_PORT:-18683}
FLOOD_PORT=${FLOOD_PORT:-18684}
FLOOD_CONNECTIONS=${FLOOD_CONNECTIONS:-200}
PROBE_CONNECTIONS=${PROBE_CONNECTIONS:-4}
FLOOD_ROUNDS=${FLOOD_ROUNDS:-5}
FLOOD_WARMUP=${FLOOD_WARMUP:-3}
PYTHON_BCRYPT=${PYTHON_BCRYPT:-/usr/bin/python3}
MW_ROUNDS=${MW_ROUNDS:-8}
MW_DURATION=${MW_DURATION:-3}

source bench/scripts/common.sh auth
echo "bench: building bench/Auth in Release"
dotnet build bench/Auth -c Release -v quiet -nologo >/dev/null
dll=bench/Auth/bin/Release/net10.0/BackEnd.Bench.Auth.dll

if [ -z "${FLOOD_ONLY:-}" ]; then
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

run_wrk() { # pid connections url extra-args... -> "rps p99us cpu_us_per_request requests"
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
  echo "$rps $p99 $cpu $requests"
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

[ -n "${MW_ONLY:-}" ] || for round in $(seq 1 "$ROUNDS"); do
  for s in "${scenarios[@]}"; do
    for server in ours kestrel; do
      read -r rps p99 cpu _ < <(run_scenario "$server" "$s")
      echo "round $round  $s  $server  ${rps} req/s  p99 ${p99}us  cpu ${cpu}us/req"
      add "$s.$server.rps" "$rps"; add "$s.$server.p99" "$p99"; add "$s.$server.cpu" "$cpu"
    done
  done
done

[ -n "${MW_ONLY:-}" ] || {
echo
echo "auth, mean of $ROUNDS rounds of ${DURATION}s, wrk -t$THREADS -c$CONNECTIONS (login -c$LOGIN_CONNECTIONS; ours bcrypt cost $COST, Kestrel Identity PBKDF2 100k)"
echo "req/s ratio = ours / kestrel (> 1: ours faster); CPU ratio = kestrel / ours (> 1: ours cheaper)"
printf "%-10s %11s %11s %6s %10s %10s %10s %10s %6s\n" scenario "ours req/s" kestrel ratio "ours p99" "kest p99" "ours cpu" "kest cpu" ratio
for s in "${scenarios[@]}"; do
  awk -v n="$s" -v r="$ROUNDS" -v o="${sum[$s.ours.rps]}" -v k="${sum[$s.kestrel.rps]}" \
      -v o99="${sum[$s.ours.p99]}" -v k99="${sum[$s.kestrel.p99]}" -v oc="${sum[$s.ours.cpu]}" -v kc="${sum[$s.kestrel.cpu]}" \
      'BEGIN { printf "%-10s %11.1f %11.1f %6.2f %8.0fus %8.0fus %8.1fus %8.1fus %6.2f\n", n, o/r, k/r, (k > 0 ? o/k : 0), o99/r, k99/r, oc/r, kc/r, (oc > 0 ? kc/oc : 0) }'
done
}

# The middleware's price on an anonymous route, as requests/s of two servers that differ only in AddAuth. Short rounds, each
# a pair whose order alternates (on-off, off-on, ...) so drift of the shared machine falls on both sides alike; the figure is
# the median of the per-pair ratios, with their spread, beside CPU and allocated bytes per request (the /stats route of each).
echo
echo "auth middleware on vs off: /plaintext, wrk -t$THREADS -c$CONNECTIONS, $MW_ROUNDS pairs of ${MW_DURATION}s runs, order alternating"
bench_start off "$dll" "http://127.0.0.1:$OFF_PORT" --mode backend --auth off
off_pid=$started
DURATION=${WARMUP:-2} run_wrk "$off_pid" "$CONNECTIONS" "http://127.0.0.1:$OFF_PORT/plaintext" >/dev/null
mw_rps_ratios="" mw_cpu_ratios="" mw_on_rps="" mw_off_rps="" mw_on_cpu="" mw_off_cpu="" mw_on_b="" mw_off_b=""
for round in $(seq 1 "$MW_ROUNDS"); do
  order="on off"; [ $((round % 2)) -eq 0 ] && order="off on"
  declare -A r_rps=() r_cpu=()
  for side in $order; do
    if [ "$side" = on ]; then pid=$ours_pid port=$OURS_PORT; else pid=$off_pid port=$OFF_PORT; fi
    a0=$(curl -fs "http://127.0.0.1:$port/stats" | cut -d' ' -f1)
    read -r rps p99 cpu requests < <(DURATION=$MW_DURATION run_wrk "$pid" "$CONNECTIONS" "http://127.0.0.1:$port/plaintext")
    a1=$(curl -fs "http://127.0.0.1:$port/stats" | cut -d' ' -f1)
    bytes=$(awk -v a="$a0" -v b="$a1" -v n="$requests" 'BEGIN { printf "%.0f", (n > 0 ? (b - a) / n : 0) }')
    echo "pair $round  middleware $side  ${rps} req/s  p99 ${p99}us  cpu ${cpu}us/req  ${bytes} B/req allocated"
    r_rps[$side]=$rps; r_cpu[$side]=$cpu
    if [ "$side" = on ]; then mw_on_rps+=" $rps"; mw_on_cpu+=" $cpu"; mw_on_b+=" $bytes"; else mw_off_rps+=" $rps"; mw_off_cpu+=" $cpu"; mw_off_b+=" $bytes"; fi
  done
  mw_rps_ratios+=" $(awk -v a="${r_rps[on]}" -v b="${r_rps[off]}" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')"
  mw_cpu_ratios+=" $(awk -v a="${r_cpu[on]}" -v b="${r_cpu[off]}" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')"
done
kill "$off_pid" 2>/dev/null || true
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%s", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
spread() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }
# shellcheck disable=SC2086 # one value per word
{
  echo "middleware on/off req/s, median of $MW_ROUNDS pair ratios: $(median $mw_rps_ratios) (pairs $(spread $mw_rps_ratios); in order:$mw_rps_ratios) (target >= 0.97)"
  echo "  req/s median on $(median $mw_on_rps), off $(median $mw_off_rps); CPU per request median on $(median $mw_on_cpu)us, off $(median $mw_off_cpu)us, on/off pairs median $(median $mw_cpu_ratios) ($(spread $mw_cpu_ratios))"
  echo "  allocated per request median on $(median $mw_on_b) B, off $(median $mw_off_b) B"
}
[ -z "${MW_ONLY:-}" ] || exit 0

fi

# p99 of /plaintext at a few connections, from wrk's --latency; "p99us rps requests". Idle and under the flood alike.
probe() {
  local out
  out=$(wrk -t1 -c"$PROBE_CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$FLOOD_PORT/plaintext")
  echo "$(awk '$1=="99%" {print $2}' <<<"$out" | to_us) $(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '/requests in/ {print $1}' <<<"$out")"
}

# pid -> one "tid class ticks" line per thread: hashing (the hashing threads), jit (the runtime's tier-up compiler), other.
thread_ticks() {
  local t v c
  for t in /proc/"$1"/task/*; do
    v=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$t/stat" 2>/dev/null) || continue
    c=$(cat "$t/comm" 2>/dev/null) || continue
    case $c in "BackEnd.Auth ha"*) c=hashing ;; ".NET Tiered Com"*) c=jit ;; *) c=other ;; esac
    echo "${t##*/} $c $v"
  done
}

# before-lines after-lines -> "hashing jit total" ticks between them, per thread (a thread that ended meanwhile, as the
# compiler thread does when idle, is left out rather than subtracted).
ticks_between() {
  awk 'NR == FNR { seen[$1] = $3; next } { d = $3 - ($1 in seen ? seen[$1] : 0); sum[$2] += d; total += d }
    END { print sum["hashing"] + 0, sum["jit"] + 0, total + 0 }' <(echo "$1") <(echo "$2")
}

# "allocated-bytes gen0 gen1 gen2" of the flood server (bench/Auth's /stats route).
gc_stats() { curl -fs "http://127.0.0.1:$FLOOD_PORT/stats"; }

flood_test() { # name label warm [server args...]: a fresh server, idle p99, then p99 under the wrong-password flood; server stopped after
  local name=$1 label=$2 warm=$3; shift 3
  local base="http://127.0.0.1:$FLOOD_PORT" idle idle_rps idle_n loaded loaded_rps loaded_n flood_pid out load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  bench_start "flood-$name" "$dll" "$base" --mode backend --cost "$COST" "$@"
  local server=$started
  curl -fs -o /dev/null -H 'Content-Type: application/json' -d '{"userName":"bench","password":"violet-harbor-42"}' "$base/auth/register"
  if [ "$warm" = 1 ]; then
    # Warm like /plaintext is warmed before its idle probe: the flood's own paths run (and are compiled) before anything is
    # measured, and the name is locked as a flood locks it in its first second. The measured flood is then a flood in
    # progress; the "cold" case below keeps the first seconds of a flood on a fresh server.
    wrk -t1 -c"$FLOOD_CONNECTIONS" -d"${FLOOD_WARMUP}s" --timeout 5s -s bench/Auth/wrong_login.lua "$base/auth/login" >/dev/null 2>&1 || true
    sleep 1.5 # held refusals (at most RefusalDelay) and the verify in progress end before the idle probe
  fi
  DURATION=${WARMUP:-2} probe >/dev/null
  local s0 s1 s2 s3
  s0=$(gc_stats)
  read -r idle idle_rps idle_n < <(probe)
  s1=$(gc_stats)
  # The flood outlasts the probe by a second each side; --timeout bounds each attempt, -d the whole flood.
  # The flood client's CPU over its whole run, from time(1): it shares the 2 cores with the server and the probe.
  /usr/bin/time -f "%U %S" -o "$tmp_dir/flood.cpu" \
    wrk -t1 -c"$FLOOD_CONNECTIONS" -d"$((DURATION + 2))s" --timeout 5s -s bench/Auth/wrong_login.lua "$base/auth/login" >"$tmp_dir/flood.out" 2>&1 &
  flood_pid=$!
  sleep 1
  local before after
  before=$(thread_ticks "$server")
  s2=$(gc_stats)
  read -r loaded loaded_rps loaded_n < <(probe)
  s3=$(gc_stats)
  after=$(thread_ticks "$server")
  wait "$flood_pid" || true
  kill -KILL "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  out=$(cat "$tmp_dir/flood.out")
  flood_ratio=$(awk -v i="$idle" -v x="$loaded" 'BEGIN { printf "%.2f", (i > 0 ? x/i : 0) }')
  ratios[$name]="${ratios[$name]:-} $flood_ratio"
  awk -v l="$label" -v i="$idle" -v ir="$idle_rps" -v x="$loaded" -v xr="$loaded_rps" -v r="$flood_ratio" -v round="$round" \
    'BEGIN { printf "round %s flood (%s): /plaintext p99 idle %.0fus (%.0f req/s), under flood %.0fus (%.0f req/s), ratio %.2f (target <= 2)\n", round, l, i, ir, x, xr, r }'
  local attempts
  attempts=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "  load average at the start: $load; flood: ${attempts:-0} sign-in attempts in $((DURATION + 2))s $(awk '/Requests\/sec/ {print "(" $2 "/s)"}' <<<"$out"); $(grep '^statuses' <<<"$out"); $(grep -h 'Socket errors' <<<"$out" | sed 's/^ *//')"
  # shellcheck disable=SC2086 # the stats are words
  awk -v dt="$(ticks_between "$before" "$after")" -v wcpu="$(cat "$tmp_dir/flood.cpu" 2>/dev/null | tail -1)" -v hz="$CLK_TCK" -v d="$DURATION" \
      -v s0="$s0" -v s1="$s1" -v s2="$s2" -v s3="$s3" -v ni="$idle_n" -v nl="$loaded_n" -v at="${attempts:-0}" -v fd="$((DURATION + 2))" 'BEGIN {
    split(dt, y); split(wcpu, w); split(s0, g0); split(s1, g1); split(s2, g2); split(s3, g3)
    pct = 100 / hz / d
    printf "  server CPU while probed under the flood: %.0f%% of one core (hashing %.0f%%, runtime tier-up compiler %.0f%%, rest %.0f%%); flood client (wrk, its whole run) %.1f%%\n",
      y[3] * pct, y[1] * pct, y[2] * pct, (y[3] - y[1] - y[2]) * pct, (w[1] + w[2] > 0 ? (w[1] + w[2]) * 100 / fd : 0)
    idle_b = (ni > 0 ? (g1[1] - g0[1]) / ni : 0); window = at * d / fd
    extra = (g3[1] - g2[1]) - idle_b * nl
    per = (window >= 100 ? sprintf("~%.0f B per sign-in attempt", extra / window) : "too few attempts to divide")
    printf "  allocations: idle %.0f B per /plaintext; under the flood %.0f KB/s more, %s; collections gen0/1/2 idle %d/%d/%d, under flood %d/%d/%d\n",
      idle_b, extra / 1024 / d, per, g1[2] - g0[2], g1[3] - g0[3], g1[4] - g0[4], g3[2] - g2[2], g3[3] - g2[3], g3[4] - g2[4] }'
}

echo
echo "/plaintext p99 (wrk -t1 -c$PROBE_CONNECTIONS, ${DURATION}s) idle vs under $FLOOD_CONNECTIONS connections of wrong-password sign-ins (bcrypt cost $COST)"
echo "each server first takes a ${FLOOD_WARMUP}s flood (warm), except the cold case; $FLOOD_ROUNDS rounds, the cases interleaved"
# Rounds interleave the servers so load drift spreads over all of them; the median per server is the figure to quote.
declare -A ratios
flood_cases=(limits limits-close limits-nohold nolimits limits-cold)
for round in $(seq 1 "$FLOOD_ROUNDS"); do
  flood_test limits "shipped limits: 60 sign-ins/min, lockout after 5, each 429 held 0.5-1 s" 1 --limits default
  flood_test limits-close "shipped limits, 429 held then Connection: close" 1 --limits default --close-on-refusal true
  flood_test limits-nohold "shipped limits, 429 answered at once (RefusalDelay 0)" 1 --limits default --refusal-delay-ms 0
  flood_test nolimits "limits off: every attempt verifies bcrypt" 1
  flood_test limits-cold "shipped limits, cold: a fresh server's first seconds of a flood, 5 verifies and first-time compiles" 0 --limits default
done
echo "flood p99 ratio (loaded/idle, target <= 2), median of $FLOOD_ROUNDS rounds:"
for name in "${flood_cases[@]}"; do
  # shellcheck disable=SC2086 # one ratio per word
  printf '%s\n' ${ratios[$name]} | sort -g | awk -v n="$name" -v all="${ratios[$name]}" '{ v[NR] = $1 }
    END { m = (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2); printf "  %-14s median %.2f  (rounds in order:%s)\n", n, m, all }'
done

[ -z "${FLOOD_ONLY:-}" ] || exit 0

echo
echo "bcrypt through our PasswordHasher vs python3-bcrypt (C), ms per operation, one at a time (C measured before and after ours: means averaged, fastest single call of either):"
c_before=$("$PYTHON_BCRYPT" bench/Auth/bcrypt_c.py)
hash_out=$(dotnet "$dll" --mode hash)
c_after=$("$PYTHON_BCRYPT" bench/Auth/bcrypt_c.py)
printf "%-6s %-5s %10s %10s %6s %10s %10s %6s\n" cost of "ours hash" "C hash" ratio "ours vrfy" "C vrfy" ratio
for cost in 10 12; do
  read -r _ _ oh ov ohm ovm < <(grep "^bcrypt-ours $cost " <<<"$hash_out")
  read -r _ _ ch1 cv1 chm1 cvm1 < <(grep "^bcrypt-c $cost " <<<"$c_before")
  read -r _ _ ch2 cv2 chm2 cvm2 < <(grep "^bcrypt-c $cost " <<<"$c_after")
  awk -v c="$cost" -v oh="$oh" -v ov="$ov" -v ch="$ch1" -v ch2="$ch2" -v cv="$cv1" -v cv2="$cv2" \
    -v ohm="$ohm" -v ovm="$ovm" -v chm="$chm1" -v chm2="$chm2" -v cvm="$cvm1" -v cvm2="$cvm2" 'BEGIN {
      ch = (ch + ch2) / 2; cv = (cv + cv2) / 2; chm = (chm < chm2 ? chm : chm2); cvm = (cvm < cvm2 ? cvm : cvm2)
      printf "%-6s %-5s %10.1f %10.1f %6.2f %10.1f %10.1f %6.2f\n", c, "mean", oh, ch, oh/ch, ov, cv, ov/cv
      printf "%-6s %-5s %10.1f %10.1f %6.2f %10.1f %10.1f %6.2f\n", c, "min", ohm, chm, ohm/chm, ovm, cvm, ovm/cvm }'
done
echo "(target: ours/C <= 1.3)"

echo
echo "password hashing in process (one at a time):"
grep -v '^bcrypt-ours ' <<<"$hash_out"
