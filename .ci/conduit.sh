#!/usr/bin/env bash
# Runs the public RealWorld API test suite (tests/Samples.Conduit.Tests/RealWorld/Conduit.postman_collection.json, MIT)
# with newman 6.2.2 (tests/tools/newman, installed from its lock file) against samples/Conduit, twice on the same fresh
# database with fresh user names each run. Sourced by .ci/run after `dotnet test`; usable alone:
#   source .ci/conduit.sh && conduit_newman
# Fails on any failed assertion or request error, and prints the assertion counts of each run.
# shellcheck shell=bash

# The body is a subshell, so its EXIT trap (stop the sample, remove the data) leaves the caller's traps alone.
conduit_newman() (
  set -euo pipefail
  local root tools collection dll data port base pid=""
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  tools="$root/tests/tools/newman"
  collection="$root/tests/Samples.Conduit.Tests/RealWorld/Conduit.postman_collection.json"
  if ! command -v npm >/dev/null 2>&1; then
    echo "conduit: npm not found; cannot run the RealWorld suite" >&2
    return 1
  fi
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >/dev/null

  # The Debug build `dotnet test BackEnd.sln` just made: this is an up-to-date check, not a second full build.
  dotnet build "$root/samples/Conduit/Conduit.csproj" -v quiet -nologo >/dev/null
  dll="$root/samples/Conduit/bin/Debug/net10.0/Conduit.dll"
  data=$(mktemp -d /tmp/conduit-newman.XXXXXX)
  trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$data"' EXIT
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port/api"
  dotnet "$dll" --urls "http://127.0.0.1:$port" --Conduit:DataPath "$data" --Logging:LogLevel:Default=Warning >"$data/conduit.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    curl -fs "$base/tags" >/dev/null 2>&1 && break
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "conduit: the sample exited; its log:" >&2
      cat "$data/conduit.log" >&2
      return 1
    fi
    sleep 0.2
  done

  local run status=0 name
  for run in 1 2; do
    # Fresh names per run, as the suite's own run-api-tests.sh does (u<seconds>); the password passes BackEnd.Auth's policy.
    name="u$(date +%s)r$run$RANDOM"
    "$tools/node_modules/.bin/newman" run "$collection" \
      --global-var "APIURL=$base" --global-var "USERNAME=$name" --global-var "EMAIL=$name@mail.com" \
      --global-var "PASSWORD=conduit-$RANDOM-password" \
      --reporters cli,json --reporter-json-export "$data/run$run.json" --reporter-cli-no-assertions --reporter-cli-no-console \
      >"$data/run$run.txt" 2>&1 || status=1
    python3 - "$data/run$run.json" "$run" <<'PY' || status=1
import json, sys
run = json.load(open(sys.argv[1]))["run"]
a, r = run["stats"]["assertions"], run["stats"]["requests"]
print(f"conduit: RealWorld suite run {sys.argv[2]}: {a['total'] - a['failed']} of {a['total']} assertions passed, "
      f"{a['failed']} failed; {r['total']} requests")
for f in run["failures"]:
    print(f"  FAILED {f['source'].get('name', '?')}: {f['error'].get('test') or ''} {f['error'].get('message', '')}")
sys.exit(1 if a["failed"] or run["failures"] else 0)
PY
  done
  if [ "$status" != 0 ]; then
    echo "conduit: newman output of the last run:" >&2
    cat "$data/run2.txt" >&2
  fi
  return "$status"
)
