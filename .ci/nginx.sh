#!/usr/bin/env bash
# Installs Debian's nginx for the scale-out tests (three Shop nodes behind a proxy). The tests write their own
# configuration in a temp dir and run nginx as the current user; the packaged service is not started.
#   source .ci/nginx.sh; nginx_install

nginx_install() {
  if [ -x /usr/sbin/nginx ]; then
    return 0
  fi
  echo "ci: installing nginx from apt"
  apt-get update -qq
  # A policy-rc.d (unless one exists) keeps the package's own service from starting on port 80 in the CI container.
  local policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
  [ -n "$policy" ] && rm -f /usr/sbin/policy-rc.d
  /usr/sbin/nginx -v
}
