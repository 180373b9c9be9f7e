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
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | awk -F'[:,]' '
  { for (i = 1; i < NF; i++) { k = $i; gsub(/[^A-Za-z]/, "", k); v = $(i+1) + 0;
      if (k == "Passed") p += v; else if (k == "Failed") f += v; else if (k == "Skipped") s += v } }
  END { print p + 0, f + 0, s + 0 }')
rm -f "$log"
echo
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "$status" -ne 0 ] || [ "${passed:-0}" -eq 0 ]; then exit 1; fi
