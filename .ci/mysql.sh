#!/usr/bin/env bash
# Starts or stops a throwaway MariaDB server on a loopback port for the tests.
#   source .ci/mysql.sh; my_start   -> exports BACKEND_TEST_MYSQL
#   my_stop
# Installs mariadb-server from apt when no server binary is present. Runs no system service: the data directory,
# socket, pid file and log live in one temporary folder that my_stop removes.

my_bin() {
  command -v mariadbd 2>/dev/null || { [ -x /usr/sbin/mariadbd ] && echo /usr/sbin/mariadbd; }
}

my_install() {
  if [ -z "$(my_bin)" ] || ! command -v mariadb-install-db >/dev/null 2>&1; then
    echo "ci: installing MariaDB from apt"
    apt-get update -qq
    # policy-rc.d keeps Debian's package scripts from starting the system service we do not use.
    if [ "$(id -u)" = 0 ] && [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; MY_POLICY=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
    if [ "${MY_POLICY:-}" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  fi
  return 0
}

my_start() {
  my_install
  local bin port user i
  bin=$(my_bin)
  port=${BACKEND_MY_PORT:-53306}
  # Step past ports in use (another server, a developer's instance) rather than failing.
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  MY_DIR=${MY_DIR:-$(mktemp -d /tmp/backend-my.XXXXXX)}
  export MY_DIR
  user=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    user=mysql
    id mysql >/dev/null 2>&1 || useradd --system --home "$MY_DIR" mysql
    chown mysql "$MY_DIR"
  fi
  mariadb-install-db --no-defaults --user="$user" --datadir="$MY_DIR/data" --auth-root-authentication-method=normal \
    --skip-test-db >"$MY_DIR/install.log" 2>&1 || { cat "$MY_DIR/install.log" >&2; return 1; }
  # --no-defaults: nothing from /etc/mysql (its socket, port or bind address) applies to this instance.
  "$bin" --no-defaults --user="$user" --datadir="$MY_DIR/data" --socket="$MY_DIR/mysqld.sock" --pid-file="$MY_DIR/mysqld.pid" \
    --bind-address=127.0.0.1 --port="$port" --skip-name-resolve --log-error="$MY_DIR/error.log" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_bin --max-connections=300 \
    --innodb-flush-log-at-trx-commit=2 --skip-log-bin >/dev/null 2>&1 &
  for i in $(seq 1 120); do
    [ -S "$MY_DIR/mysqld.sock" ] && mariadb --no-defaults -S "$MY_DIR/mysqld.sock" -u root -e "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.5
  done
  if ! mariadb --no-defaults -S "$MY_DIR/mysqld.sock" -u root -e "SELECT 1" >/dev/null 2>&1; then
    echo "ci: MariaDB did not start; its log follows" >&2
    cat "$MY_DIR/error.log" >&2
    return 1
  fi
  mariadb --no-defaults -S "$MY_DIR/mysqld.sock" -u root <<'SQL'
CREATE DATABASE backend_test CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER 'backend'@'127.0.0.1' IDENTIFIED BY 'backend';
GRANT ALL PRIVILEGES ON *.* TO 'backend'@'127.0.0.1';
SQL
  export BACKEND_TEST_MYSQL="Server=127.0.0.1;Port=$port;User ID=backend;Password=backend;Database=backend_test"
  echo "ci: MariaDB $("$bin" --version | awk '{print $3}') on 127.0.0.1:$port (server user $user)"
}

my_stop() {
  [ -n "${MY_DIR:-}" ] && [ -d "$MY_DIR" ] || return 0
  if [ -f "$MY_DIR/mysqld.pid" ]; then
    local pid i
    pid=$(cat "$MY_DIR/mysqld.pid")
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$MY_DIR"
}
