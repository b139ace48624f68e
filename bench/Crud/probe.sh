#!/usr/bin/env bash
# Where a list request's CPU and allocations go: hosts the MapResource app in-process (bench/Crud --mode probe) and
# times each stage alone — the repository's page with and without its count, a cursor's sealing, the envelope's JSON —
# and whole requests over loopback, per call. Allocations are exact; CPU is the lowest of the rounds.
#
#   bash bench/Crud/probe.sh                       # 3 rounds of 2,000 calls per stage
#   ROUNDS=5 ITERATIONS=5000 bash bench/Crud/probe.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
dir=$(mktemp -d /tmp/backend-crud-probe.XXXXXX)
trap 'rm -rf "$dir"' EXIT
dotnet build bench/Crud -c Release -v quiet -nologo >/dev/null
dotnet bench/Crud/bin/Release/net10.0/BackEnd.Bench.Crud.dll --mode probe --urls http://127.0.0.1:0 --db "$dir/probe.db" \
  --rounds "${ROUNDS:-3}" --iterations "${ITERATIONS:-2000}"
