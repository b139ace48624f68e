#!/usr/bin/env bash
# Soak: mixed samples/Shop traffic against Shop as a real process on 127.0.0.1 (fresh temp data folder, SQLite + LiteDB):
# 8 signed-in shoppers (catalog, product pages, cart add/remove, checkout, orders, history, /health) and 8 anonymous visitors
# (catalog pages, /, /app.js, /openapi.json), one request at a time per keep-alive connection. bench/Soak (Release) prints
# every 10 s the requests, req/s, errors, RSS (/proc/<pid>/status VmRSS) and open fds (/proc/<pid>/fd), then the figures
# after warm-up against the end, and exits 1 on any error or growth past open fds +20 / RSS +50% after warm-up.
# With dotnet-counters installed (dotnet tool install -g dotnet-counters) the GC heap counters of the Shop process are
# recorded too and shown after warm-up and at the end. tests/Samples.Shop.Tests/Reliability/SoakTests runs the same mix
# for 30 s in CI.
#
#   bash bench/Soak/run.sh            # 600 s, warm-up 120 s
#   bash bench/Soak/run.sh 120        # 2 minutes, warm-up 24 s (WARM_UP=seconds overrides)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DURATION=${1:-600}
default_warm_up=$(( DURATION / 5 ))
(( default_warm_up < 10 )) && default_warm_up=10
(( default_warm_up > 120 )) && default_warm_up=120
WARM_UP=${WARM_UP:-$default_warm_up}

source bench/scripts/common.sh soak
bench_build bench/Soak
dll=bench/Soak/bin/Release/net10.0/BackEnd.Bench.Soak.dll
log=$tmp_dir/soak.log
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg)"

dotnet "$dll" "$DURATION" "$WARM_UP" >"$log" 2>&1 &
driver=$!
pids+=("$driver")
tail -n +1 -f --pid="$driver" "$log" &

counters=$(command -v dotnet-counters || true)
[ -z "$counters" ] && [ -x "$HOME/.dotnet/tools/dotnet-counters" ] && counters=$HOME/.dotnet/tools/dotnet-counters
shop_pid=
for _ in $(seq 1 1800); do
  shop_pid=$(sed -n 's/^soak: shop pid \([0-9]*\).*/\1/p' "$log")
  [ -n "$shop_pid" ] || ! kill -0 "$driver" 2>/dev/null && break
  sleep 0.1
done
if [ -n "$counters" ] && [ -n "$shop_pid" ]; then
  # Stops by itself when the Shop process exits.
  "$counters" collect -p "$shop_pid" --format csv -o "$tmp_dir/counters.csv" --refresh-interval 10 --counters System.Runtime >/dev/null 2>&1 &
  pids+=("$!")
else
  echo "bench: dotnet-counters not installed: no GC heap figures (RSS and fds only)"
fi

status=0
wait "$driver" || status=$?
sleep 1
if [ -s "$tmp_dir/counters.csv" ]; then
  python3 - "$tmp_dir/counters.csv" "$WARM_UP" <<'PY'
import csv, sys
path, warm_up = sys.argv[1], int(sys.argv[2])
series = {}
with open(path, newline="") as f:
    for row in csv.reader(f):
        if len(row) < 5 or row[0] == "Timestamp":
            continue
        name = row[2]
        if "heap" in name.lower() or "gc" in name.lower() and "size" in name.lower():
            try:
                series.setdefault(name, []).append(float(row[4]))
            except ValueError:
                pass
for name, values in sorted(series.items()):
    warm = values[min(len(values) - 1, warm_up // 10)]
    print(f"soak: {name}: after warm-up {warm:,.0f}, end {values[-1]:,.0f}, max {max(values):,.0f}")
PY
fi
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
