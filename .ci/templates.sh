#!/usr/bin/env bash
# Checks the dotnet new templates end to end, as a user meets them: installs BackEnd.Templates from the packed .nupkg
# into a throwaway template hive, creates a project from each template in a temporary folder, builds it against the
# BackEnd packages packed by this run (never a cached or published copy) and runs its generated tests.
# Sourced by .ci/run after packing: `templates_check "$packages" || pack_status=$?`. Also runnable alone:
#   bash .ci/templates.sh artifacts/packages

templates_check() {
  local packages nupkg version work status=0
  packages=$(cd "${1:-artifacts/packages}" && pwd) || return 1
  nupkg=$(find "$packages" -maxdepth 1 -name 'BackEnd.Templates.[0-9]*.nupkg' | head -n 1)
  if [ -z "$nupkg" ]; then
    echo "ci: templates: no BackEnd.Templates package in $packages" >&2
    return 1
  fi
  version=$(basename "$nupkg" .nupkg)
  version=${version#BackEnd.Templates.}
  # Packages other than BackEnd.* come from the machine's package cache when it has them, else from nuget.org.
  local cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
  work=$(mktemp -d "${TMPDIR:-/tmp}/backend-templates.XXXXXX")

  (
    set -euo pipefail
    cd "$work"
    # A private CLI home, template hive and global packages folder: nothing is read from or left in the user's, and
    # BackEnd.* packages are extracted fresh from this run's .nupkg files even when the version number is unchanged.
    export DOTNET_CLI_HOME="$work/home" NUGET_PACKAGES="$work/packages" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 \
      DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
    mkdir -p "$DOTNET_CLI_HOME" "$NUGET_PACKAGES"
    {
      echo '<?xml version="1.0" encoding="utf-8"?>'
      echo '<configuration>'
      echo '  <packageSources>'
      echo '    <clear />'
      echo "    <add key=\"backend-local\" value=\"$packages\" />"
      if [ -d "$cache" ]; then
        echo "    <add key=\"machine-cache\" value=\"$cache\" />"
      fi
      echo '    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />'
      echo '  </packageSources>'
      echo '  <packageSourceMapping>'
      echo '    <packageSource key="backend-local"><package pattern="BackEnd.*" /></packageSource>'
      if [ -d "$cache" ]; then
        echo '    <packageSource key="machine-cache"><package pattern="*" /></packageSource>'
      fi
      echo '    <packageSource key="nuget.org"><package pattern="*" /></packageSource>'
      echo '  </packageSourceMapping>'
      echo '</configuration>'
    } > nuget.config

    dotnet new install "$nupkg" --debug:custom-hive "$work/hive" >/dev/null
    for template in backend-api backend-web; do
      local name
      name=$(echo "$template" | sed 's/backend-api/ApiDemo/;s/backend-web/WebDemo/')
      echo "ci: templates: $template -> $name (BackEnd $version)"
      dotnet new "$template" -n "$name" -o "$work/$name" --debug:custom-hive "$work/hive" >/dev/null
      if ! grep -q "Version=\"$version\"" "$work/$name/src/$name/$name.csproj"; then
        echo "ci: templates: $template does not reference BackEnd $version:" >&2
        grep -n 'BackEnd' "$work/$name/src/$name/$name.csproj" >&2
        exit 1
      fi
      dotnet build "$work/$name/$name.slnx" -v quiet -nologo
      dotnet test "$work/$name/$name.slnx" --no-build -v quiet -nologo
    done
  ) || status=$?

  rm -rf "$work"
  if [ "$status" = 0 ]; then
    echo "ci: templates ok: backend-api and backend-web created, built and tested against BackEnd $version"
  else
    echo "ci: templates failed" >&2
  fi
  return "$status"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  templates_check "${1:-artifacts/packages}"
fi
