#!/usr/bin/env bash
# Checks that every shipped package was produced with its symbols, README and XML docs inside.
set -euo pipefail
python3 - "$1" src/*/*.csproj <<'PY'
import glob, os, sys, zipfile
folder, projects = sys.argv[1], sys.argv[2:]
problems = []
for project in projects:
    pid = os.path.basename(project)[:-len(".csproj")]
    found = [p for p in glob.glob(f"{folder}/{pid}.[0-9]*.nupkg")]
    if not found:
        problems.append(f"missing package {pid}")
        continue
    nupkg = found[0]
    names = set(zipfile.ZipFile(nupkg).namelist())
    nuspec = zipfile.ZipFile(nupkg).read(f"{pid}.nuspec").decode("utf-8")
    if '<packageType name="Template"' in nuspec:
        # A dotnet new template package ships content, not an assembly: no symbols, no lib/.
        if "README.md" not in names or not any(n.endswith("/.template.config/template.json") for n in names):
            problems.append(f"{nupkg} lacks README.md or content/*/.template.config/template.json")
        continue
    if not os.path.exists(nupkg[:-len(".nupkg")] + ".snupkg"):
        problems.append(f"missing symbols for {nupkg}")
    for entry in ("README.md", f"lib/net10.0/{pid}.dll", f"lib/net10.0/{pid}.xml"):
        if entry not in names:
            problems.append(f"{nupkg} lacks {entry}")
for p in problems:
    print("ci:", p, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"ci: packages ok: {len(projects)} .nupkg with README, XML docs and .snupkg")
PY
