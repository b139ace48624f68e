#!/usr/bin/env bash
# Installs headless Chromium for the browser tests (tests/BackEnd.Browser.Testing, used by the samples' browser tests) when it is missing.
# Sourced by .ci/run; the tests skip with a visible reason when /usr/bin/chromium is absent.

browser_install() {
  if [ -x /usr/bin/chromium ]; then
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update -qq && $sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || echo "ci: could not install chromium; the browser tests will be skipped" >&2
}
