#!/usr/bin/env bash
# Installs the OpenAPI validators the Core tests run with node (swagger-parser, redocly lint) from the lock file.
# Node and npm come from Debian's nodejs/npm packages; without node the validator test is skipped with its reason.
if command -v npm >/dev/null 2>&1; then
  npm ci --prefix tests/tools/openapi --no-audit --no-fund
else
  echo "ci: npm not found; the OpenAPI validator test will be skipped" >&2
fi
