#!/usr/bin/env bash
# Starts or stops a throwaway Redis on a loopback port for the tests (no persistence).
#   source .ci/redis.sh; redis_start   -> exports BACKEND_TEST_REDIS
#   redis_stop
# Installs redis-server from apt when it is missing.

redis_install() {
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "ci: installing redis-server from apt"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
}

redis_start() {
  redis_install
  local port=${BACKEND_REDIS_PORT:-56400} attempt i
  REDIS_DIR=$(mktemp -d /tmp/backend-redis.XXXXXX)
  export REDIS_DIR
  # A start can fail once (a port taken between the probe and the bind); try the next free port before giving up.
  for attempt in 1 2 3; do
    # Step past ports in use (the developers' Redis, another run) rather than failing.
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
      --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
    for i in $(seq 1 100); do
      if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
        export BACKEND_TEST_REDIS="127.0.0.1:$port"
        echo "ci: Redis on 127.0.0.1:$port"
        return 0
      fi
      sleep 0.2
    done
    echo "ci: Redis did not answer on 127.0.0.1:$port (attempt $attempt); its log:" >&2
    tail -n 20 "$REDIS_DIR/redis.log" >&2 || true
    [ -f "$REDIS_DIR/redis.pid" ] && kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null
    port=$((port + 1))
  done
  return 1
}

redis_stop() {
  if [ -n "${REDIS_DIR:-}" ] && [ -f "$REDIS_DIR/redis.pid" ]; then
    kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true
  fi
  [ -n "${REDIS_DIR:-}" ] && rm -rf "$REDIS_DIR"
  return 0
}
