#!/usr/bin/env bash
# Sourced by .ci/run: the auth tests cross-check bcrypt against an independent C implementation (Debian's python3-bcrypt,
# run with /usr/bin/python3); without it those tests are skipped, which CI must never do.
auth_deps() {
  if /usr/bin/python3 -c "import bcrypt" >/dev/null 2>&1; then
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3 python3-bcrypt >/dev/null
  /usr/bin/python3 -c "import bcrypt" || { echo "ci: python3-bcrypt could not be installed" >&2; return 1; }
}
