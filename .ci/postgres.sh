#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster on a loopback port for the tests.
#   source .ci/postgres.sh; pg_start   -> exports BACKEND_TEST_POSTGRES
#   pg_stop
# Installs the server from apt when no PostgreSQL binaries are present.

pg_bin_dir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

# initdb refuses to run as root; as root the cluster belongs to the postgres user.
pg_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_install() {
  if [ -z "$(pg_bin_dir)" ]; then
    echo "ci: installing PostgreSQL from apt"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

pg_start() {
  pg_install
  local bin port user
  bin=$(pg_bin_dir)
  port=${BACKEND_PG_PORT:-55432}
  # Step past ports in use (another cluster, a developer's server) rather than failing.
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  PG_DIR=${PG_DIR:-$(mktemp -d /tmp/backend-pg.XXXXXX)}
  export PG_DIR
  user=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    user=postgres
    id postgres >/dev/null 2>&1 || useradd --system --home "$PG_DIR" postgres
    chown postgres "$PG_DIR"
  fi
  pg_as "$bin/initdb" -D "$PG_DIR/data" -U backend --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # A CI run once saw pg_ctl fail at once here with no log printed. Print the log, then try again on the next port
  # with settings that need the least of the machine (no /dev/shm, small shared memory, fewer connections).
  local attempt options
  for attempt in 1 2 3; do
    options="-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off"
    if [ "$attempt" = 1 ]; then
      options="$options -c max_connections=200"
    else
      options="$options -c max_connections=120 -c shared_buffers=16MB -c huge_pages=off -c dynamic_shared_memory_type=mmap"
    fi
    if pg_as "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 -o "$options" start >/dev/null; then
      break
    fi
    echo "ci: PostgreSQL did not start on 127.0.0.1:$port (attempt $attempt); its log:" >&2
    cat "$PG_DIR/log" >&2 || true
    if [ "$attempt" = 3 ]; then return 1; fi
    pg_as "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -f "$PG_DIR/data/postmaster.pid"
    port=$((port + 1))
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  done
  pg_as "$bin/createdb" -h 127.0.0.1 -p "$port" -U backend backend_test
  export BACKEND_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=backend;Database=backend_test"
  echo "ci: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (cluster owner $user)"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ] || return 0
  pg_as "$(pg_bin_dir)/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
