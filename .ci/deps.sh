#!/usr/bin/env bash
# Sourced by .ci/run: installs every Debian package the tests need that is missing, in one apt transaction
# (one `apt-get update` instead of one per service script). The per-service scripts keep their own fallback.
deps_install() {
  local missing=()
  ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  /usr/bin/python3 -c "import bcrypt" >/dev/null 2>&1 || missing+=(python3 python3-bcrypt)
  [ ${#missing[@]} = 0 ] && return 0
  echo "ci: installing from apt: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  # Service packages must not start system-wide instances; the scripts start throwaway ones on free ports.
  local policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    policy=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  if [ "$policy" = 1 ]; then $sudo rm -f /usr/sbin/policy-rc.d; fi
}
