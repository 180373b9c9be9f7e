#!/usr/bin/env bash
# Runs every test: unit, functional (real Azurite), site (generated HTML), browser (Debian's Chromium), infra (bicep).
source "$(dirname "$0")/lib.sh"
ensure_node_modules
ensure_chromium
echo "› dotnet build"
dotnet build monalisa-serverless.sln -c Debug -v quiet -nologo

log="$(mktemp)"
set +e
dotnet test monalisa-serverless.sln -c Debug --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for all test projects.
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/^[A-Za-z]+! +- +//' | awk -F', *' '
  { for (i = 1; i <= NF; i++) { split($i, kv, ": *"); n[kv[1]] += kv[2] } }
  END { print n["Passed"] + 0, n["Failed"] + 0, n["Skipped"] + 0 }')
# Each test project of the solution prints one such line: a project that printed none is missing from the count.
reported=$(grep -cE '^(Passed|Failed)!' "$log" || true)
projects=$(grep -cE 'Tests\.csproj"' monalisa-serverless.sln)
rm -f "$log"
echo
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "$reported" -ne "$projects" ]; then echo "only $reported of $projects test projects reported their results" >&2; exit 1; fi
if [ "$status" -ne 0 ] || [ "${passed:-0}" -eq 0 ]; then exit 1; fi
