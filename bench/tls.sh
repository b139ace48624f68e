#!/usr/bin/env bash
# Side-by-side TLS handshake benchmark: BackEnd (samples/Hello) vs ASP.NET Core on Kestrel (bench/Kestrel),
# both in Release on loopback, both serving the same self-signed certificate (generated into a temp dir).
#
# `openssl s_time -new` opens a fresh connection for each handshake (no session resumption) and closes it
# right after, so every connection is one full handshake. The server's CPU time (utime+stime from
# /proc/<pid>/stat) across the run divided by the handshakes it completed is the cost of one handshake;
# s_time is one client thread, so connections/s is bounded by the client too and CPU per handshake is the
# figure to compare. Rounds alternate between the servers so drift on the machine hits both alike.
#
#   bash bench/tls.sh                  # default: 3 rounds of 10 s, RSA 2048 certificate
#   ROUNDS=2 DURATION=5 KEY=ec bash bench/tls.sh   # ECDSA P-256 certificate instead
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
KEY=${KEY:-rsa}
OURS_PORT=${OURS_PORT:-18481}
KESTREL_PORT=${KESTREL_PORT:-18482}

source bench/scripts/common.sh tls
bench_build

# One certificate and key (PEM) that both servers load from the same files.
case $KEY in
  rsa) key_args=(-newkey rsa:2048) ;;
  ec) key_args=(-newkey ec -pkeyopt ec_paramgen_curve:P-256) ;;
  *) echo "bench: KEY must be rsa or ec" >&2; exit 2 ;;
esac
openssl req -x509 "${key_args[@]}" -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$tmp_dir/key.pem" -out "$tmp_dir/cert.pem" 2>/dev/null

bench_start ours samples/Hello/bin/Release/net10.0/Hello.dll "https://127.0.0.1:$OURS_PORT" \
  --ConnectionStrings:Default "Data Source=$tmp_dir/hello.db" \
  --BackEnd:Server:CertificatePath "$tmp_dir/cert.pem" --BackEnd:Server:CertificateKeyPath "$tmp_dir/key.pem"
ours_pid=$started
bench_start kestrel bench/Kestrel/bin/Release/net10.0/Kestrel.dll "https://127.0.0.1:$KESTREL_PORT" --db "$tmp_dir/kestrel.db" \
  --Kestrel:Certificates:Default:Path "$tmp_dir/cert.pem" --Kestrel:Certificates:Default:KeyPath "$tmp_dir/key.pem"
kestrel_pid=$started

# Both must present the very same certificate.
fingerprint() { openssl s_client -connect "127.0.0.1:$1" </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256; }
[ "$(fingerprint "$OURS_PORT")" = "$(fingerprint "$KESTREL_PORT")" ] || { echo "bench: the servers present different certificates" >&2; exit 1; }
echo "bench: both present $(fingerprint "$OURS_PORT") ($(openssl s_client -connect "127.0.0.1:$OURS_PORT" </dev/null 2>/dev/null | awk '/^ *Protocol/ {print $3; exit}'))"

run_s_time() { # pid port seconds -> "handshakes/s cpu_us_per_handshake handshakes"
  local pid=$1 port=$2 seconds=$3 out before after n real
  before=$(cpu_ticks "$pid")
  out=$(openssl s_time -new -connect "127.0.0.1:$port" -time "$seconds" 2>&1)
  after=$(cpu_ticks "$pid")
  # "1234 connections in 5.01 real seconds, 0 bytes read per connection"
  read -r n real < <(awk '/connections in .* real seconds/ { print $1, $4; exit }' <<<"$out")
  [ -n "${n:-}" ] && [ "$n" -gt 0 ] || { echo "bench: s_time on $port failed: $out" >&2; exit 1; }
  awk -v n="$n" -v r="$real" -v t=$((after - before)) -v hz="$CLK_TCK" 'BEGIN { printf "%.1f %.1f %d\n", n / r, t * 1000000 / hz / n, n }'
}

echo "bench: warming up"
run_s_time "$ours_pid" "$OURS_PORT" "${WARMUP:-3}" >/dev/null
run_s_time "$kestrel_pid" "$KESTREL_PORT" "${WARMUP:-3}" >/dev/null

for round in $(seq 1 "$ROUNDS"); do
  for server in ours kestrel; do
    port=$OURS_PORT pid=$ours_pid
    [ "$server" = kestrel ] && { port=$KESTREL_PORT; pid=$kestrel_pid; }
    read -r rate cpu n < <(run_s_time "$pid" "$port" "$DURATION")
    echo "round $round  $server  $n handshakes  ${rate}/s  cpu ${cpu}us/handshake"
    add "$server.rate" "$rate"; add "$server.cpu" "$cpu"
  done
done

echo
echo "full TLS handshakes ($KEY certificate, openssl s_time -new, mean of $ROUNDS rounds of ${DURATION}s)"
printf "%-10s %14s %18s\n" server "handshakes/s" "CPU us/handshake"
for server in ours kestrel; do
  awk -v s="$server" -v r="$ROUNDS" -v h="${sum[$server.rate]}" -v c="${sum[$server.cpu]}" 'BEGIN { printf "%-10s %14.1f %18.1f\n", s, h/r, c/r }'
done
awk -v ho="${sum[ours.rate]}" -v hk="${sum[kestrel.rate]}" -v co="${sum[ours.cpu]}" -v ck="${sum[kestrel.cpu]}" \
  'BEGIN { printf "%-10s %14.2f %18.2f   (handshakes/s: ours/kestrel; CPU: kestrel/ours, > 1 means ours is cheaper)\n", "ratio", ho/hk, ck/co }'
