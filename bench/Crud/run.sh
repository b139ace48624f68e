#!/usr/bin/env bash
# REST resource benchmark: MapResource<Product, long> over BackEnd.Storage.Sql vs the same three operations written by
# hand as an ASP.NET Core minimal API with Microsoft.Data.Sqlite (bench/Crud, one executable: --mode backend | kestrel),
# each on its own SQLite file seeded with the same 1,000 rows, both in Release on loopback in the same run.
#
#  - item:   GET /api/products/{id}            (one row, ETag)
#  - list:   GET /api/products?page=3&pageSize=20   (count + one page, the {items,page,pageSize,total,next} envelope with a
#            tamper-proof next cursor on both sides). PEER_NEXT picks the peer's cursor:
#              hmac (default): the last id and one HMAC-SHA256 of it under a key made at start-up, base64url, checked with
#                FixedTimeEquals on ?cursor= — what a careful hand-written endpoint does, and no dearer than ours (which
#                also encrypts the values), so the ratio measures the rest of the request;
#              sealed: ASP.NET Core Data Protection (derives a key and builds AES/HMAC per Protect, ~70 us a list: it
#                flatters ours);
#              none: next: null (less work than the contract needs; what the peer did before session 8).
#  - create: POST /api/products                (validation, insert, 201 with Location and ETag; every request adds a row)
# Reports requests/s, p99 and server CPU per request (utime+stime from /proc/<pid>/stat / requests), as bench/run.sh, and
# per server its allocations per request, garbage collections (gen0/gen1/gen2) and GC pause per 1,000 requests (each
# app's /stats). Rounds are short and interleaved: each round runs both servers back to back, the order alternating
# round by round, and the per-round ratios are summarised by their median and range besides the means.
#
#   bash bench/Crud/run.sh                 # default: 6 rounds of 5 s per scenario
#   ROUNDS=2 DURATION=5 bash bench/Crud/run.sh
#   SCENARIOS=list bash bench/Crud/run.sh  # a subset (item, list, create)
#   PEER_NEXT=sealed SCENARIOS=list bash bench/Crud/run.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROUNDS=${ROUNDS:-6}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
OURS_PORT=${OURS_PORT:-18691}
KESTREL_PORT=${KESTREL_PORT:-18692}
PEER_NEXT=${PEER_NEXT:-hmac}

source bench/scripts/common.sh crud
echo "bench: building bench/Crud in Release"
dotnet build bench/Crud -c Release -v quiet -nologo >/dev/null
dll=bench/Crud/bin/Release/net10.0/BackEnd.Bench.Crud.dll

bench_start ours "$dll" "http://127.0.0.1:$OURS_PORT" --mode backend --db "$tmp_dir/ours.db"
ours_pid=$started
bench_start kestrel "$dll" "http://127.0.0.1:$KESTREL_PORT" --mode kestrel --db "$tmp_dir/kestrel.db" --next "$PEER_NEXT"
kestrel_pid=$started

base() { if [ "$1" = ours ]; then echo "http://127.0.0.1:$OURS_PORT"; else echo "http://127.0.0.1:$KESTREL_PORT"; fi; }

# Ours seeds after start: wait for the last row, then check both answer alike before measuring.
seeded=
for _ in $(seq 1 1200); do
  curl -fs -o /dev/null "$(base ours)/api/products/1000" && { seeded=1; break; }
  sleep 0.1
done
[ -n "$seeded" ] || { echo "bench: ours did not finish seeding in 120 s" >&2; exit 1; }
for server in ours kestrel; do
  item=$(curl -s "$(base $server)/api/products/7")
  grep -q '"name":"product 7"' <<<"$item" || { echo "bench: $server item: $item" >&2; exit 1; }
  list=$(curl -s "$(base $server)/api/products?page=3&pageSize=20")
  python3 - "$server" "$list" "$PEER_NEXT" "$(base $server)" <<'PY' || exit 1
import json, sys, urllib.error, urllib.parse, urllib.request
server, text, mode, base = sys.argv[1:5]
page = json.loads(text)
ok = sorted(page) == ["items", "next", "page", "pageSize", "total"] and sorted(page["items"][0]) == ["id", "name", "price", "version"]
ok = ok and len(page["items"]) == 20 and page["items"][0]["name"] == "product 41" and page["total"] == 1000 and page["page"] == 3
if isinstance(page["next"], str):
    # The cursor continues after the page's last row; an altered one is refused.
    after = json.load(urllib.request.urlopen(f"{base}/api/products?pageSize=20&cursor={urllib.parse.quote(page['next'])}"))
    ok = ok and after["items"][0]["name"] == "product 61" and after["page"] is None and isinstance(after["next"], str)
    bad = page["next"][:-2] + ("AA" if page["next"][-2:] != "AA" else "BA")
    try:
        urllib.request.urlopen(f"{base}/api/products?pageSize=20&cursor={bad}")
        ok = False
    except urllib.error.HTTPError as e:
        ok = ok and e.code == 400
else:
    ok = ok and server == "kestrel" and mode == "none"
if not ok:
    print(f"bench: {server} list differs: {text[:300]}", file=sys.stderr)
sys.exit(0 if ok else 1)
PY
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{"name":"","price":1}' "$(base $server)/api/products")
  [ "$code" = 400 ] || { echo "bench: $server accepts an invalid product ($code)" >&2; exit 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{"name":"check","price":1}' "$(base $server)/api/products")
  [ "$code" = 201 ] || { echo "bench: $server create answers $code" >&2; exit 1; }
done

stats() { curl -fs "$1/stats"; } # base -> "gen0 gen1 gen2 allocated_bytes pause_ms" of that server's process

run_wrk() { # pid url extra-args... -> "rps p99us cpu_us_per_request bytes_per_request gen0 gen1 gen2 pause_ms_per_1000"
  local pid=$1 target=$2; shift 2
  local out before after rps p99 requests cpu errors gc_before gc_after gc
  gc_before=$(stats "${target%%/api/*}")
  before=$(cpu_ticks "$pid")
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s --latency "$target" "$@")
  after=$(cpu_ticks "$pid")
  gc_after=$(stats "${target%%/api/*}")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu=$(awk -v t=$((after - before)) -v n="$requests" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (n > 0 ? t * 1000000 / hz / n : 0) }')
  p99=$(awk '$1=="99%" {print $2}' <<<"$out" | to_us)
  errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
  [ -z "$errors" ] || echo "bench: $target: $errors" >&2
  gc=$(awk -v n="$requests" -v a="$gc_before" -v b="$gc_after" 'BEGIN { split(a, x, " "); split(b, y, " ");
    printf "%.0f %d %d %d %.2f", (n > 0 ? (y[4] - x[4]) / n : 0), y[1] - x[1], y[2] - x[2], y[3] - x[3], (n > 0 ? (y[5] - x[5]) * 1000 / n : 0) }')
  echo "$rps $p99 $cpu $gc"
}

read -ra scenarios <<<"${SCENARIOS:-item list create}"
has() { [[ " ${scenarios[*]} " == *" $1 "* ]]; }
run_scenario() { # server scenario -> run_wrk's fields
  local server=$1 name=$2 pid=$ours_pid
  [ "$server" = kestrel ] && pid=$kestrel_pid
  case $name in
    item) run_wrk "$pid" "$(base "$server")/api/products/7" ;;
    list) run_wrk "$pid" "$(base "$server")/api/products?page=3&pageSize=20" ;;
    create) run_wrk "$pid" "$(base "$server")/api/products" -s bench/Crud/create.lua ;;
  esac
}

warm() { # scenarios...
  for s in "$@"; do
    for server in ours kestrel; do DURATION=${WARMUP:-2} run_scenario "$server" "$s" >/dev/null; done
  done
}

declare -A ratios cpu_ratios
measure() { # scenarios...
  local order
  for round in $(seq 1 "$ROUNDS"); do
    # Alternate who goes first, so neither always runs on the machine the other just warmed (or heated).
    order="ours kestrel"; [ $((round % 2)) = 0 ] && order="kestrel ours"
    for s in "$@"; do
      declare -A this=()
      for server in $order; do
        read -r rps p99 cpu bytes g0 g1 g2 pause < <(run_scenario "$server" "$s")
        echo "round $round  $s  $server  ${rps} req/s  p99 ${p99}us  cpu ${cpu}us/req  ${bytes} B/req  gc ${g0}/${g1}/${g2}  pause ${pause}ms/1k req"
        add "$s.$server.rps" "$rps"; add "$s.$server.p99" "$p99"; add "$s.$server.cpu" "$cpu"
        add "$s.$server.bytes" "$bytes"; add "$s.$server.g0" "$g0"; add "$s.$server.g1" "$g1"; add "$s.$server.g2" "$g2"; add "$s.$server.pause" "$pause"
        this[$server.rps]=$rps; this[$server.cpu]=$cpu
      done
      ratios[$s]+="$(awk -v o="${this[ours.rps]}" -v k="${this[kestrel.rps]}" 'BEGIN { printf "%.3f ", (k > 0 ? o / k : 0) }')"
      cpu_ratios[$s]+="$(awk -v o="${this[ours.cpu]}" -v k="${this[kestrel.cpu]}" 'BEGIN { printf "%.3f ", (o > 0 ? k / o : 0) }')"
    done
  done
}

summary() { # "r1 r2 ..." -> "median [min–max]"
  tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2); printf "%.2f [%.2f-%.2f]", m, v[1], v[NR] }'
}

# Every create adds a row, and the list counts the table: the faster server would list a bigger table. Reads are
# therefore measured first, on the same 1,000 rows on both sides, and creates last.
reads=()
for s in item list; do has "$s" && reads+=("$s"); done
echo "bench: warming up"
if [ ${#reads[@]} -gt 0 ]; then warm "${reads[@]}"; measure "${reads[@]}"; fi
if has create; then warm create; measure create; fi

echo
echo "REST resource over SQLite, mean of $ROUNDS rounds of ${DURATION}s, wrk -t$THREADS -c$CONNECTIONS"
echo "req/s ratio = ours / kestrel (> 1: ours faster); CPU ratio = kestrel / ours (> 1: ours cheaper)"
printf "%-8s %11s %11s %6s %10s %10s %10s %10s %6s\n" scenario "ours req/s" kestrel ratio "ours p99" "kest p99" "ours cpu" "kest cpu" ratio
for s in "${scenarios[@]}"; do
  awk -v n="$s" -v r="$ROUNDS" -v o="${sum[$s.ours.rps]}" -v k="${sum[$s.kestrel.rps]}" \
      -v o99="${sum[$s.ours.p99]}" -v k99="${sum[$s.kestrel.p99]}" -v oc="${sum[$s.ours.cpu]}" -v kc="${sum[$s.kestrel.cpu]}" \
      'BEGIN { printf "%-8s %11.0f %11.0f %6.2f %8.0fus %8.0fus %8.1fus %8.1fus %6.2f\n", n, o/r, k/r, (k > 0 ? o/k : 0), o99/r, k99/r, oc/r, kc/r, (oc > 0 ? kc/oc : 0) }'
done
echo
echo "per-round ratios, median [range] of $ROUNDS interleaved rounds; memory per server, mean of the rounds"
printf "%-8s %22s %22s   %-44s %s\n" scenario "req/s ratio" "CPU ratio" "ours: B/req, GCs gen0/1/2 per round, pause" "kestrel: same"
for s in "${scenarios[@]}"; do
  mem() { awk -v r="$ROUNDS" -v b="${sum[$s.$1.bytes]}" -v g0="${sum[$s.$1.g0]}" -v g1="${sum[$s.$1.g1]}" -v g2="${sum[$s.$1.g2]}" -v p="${sum[$s.$1.pause]}" \
    'BEGIN { printf "%6.0f B, %5.1f/%4.1f/%4.1f, %5.2f ms/1k req", b/r, g0/r, g1/r, g2/r, p/r }'; }
  printf "%-8s %22s %22s   %-44s %s\n" "$s" "$(summary "${ratios[$s]}")" "$(summary "${cpu_ratios[$s]}")" "$(mem ours)" "$(mem kestrel)"
done
