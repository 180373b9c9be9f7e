#!/usr/bin/env bash
# Runs every test: unit, functional (real Azurite), site (generated HTML), browser (Debian's Chromium), infra (bicep).
source "$(dirname "$0")/lib.sh"
STEPS=4
ensure_node_modules
step "Chromium de Debian (tests navigateur, Lighthouse)"
ensure_chromium

# The whole solution, and the bench (not in the solution, but it uses the same code: a change that breaks it must
# fail here, not weeks later in ./bench/run.sh); on a first build, one line per project as it finishes.
if [ -f tests/Monalisa.Browser.Tests/bin/Debug/net10.0/Monalisa.Browser.Tests.dll ]; then
  step "Compilation (.NET) : seulement ce qui a changé"
  build_all 0 monalisa-serverless.sln bench/Monalisa.Bench
else
  step "Compilation (.NET), la première fois : restauration des paquets NuGet puis chaque projet, quelques minutes"
  build_all 1 monalisa-serverless.sln bench/Monalisa.Bench
fi
done_step

step "Tests (unitaires, API sur Azurite, site, navigateur, infra)"

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
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped ($((SECONDS - STARTED)) s)"
if [ "$reported" -ne "$projects" ]; then echo "only $reported of $projects test projects reported their results" >&2; exit 1; fi
if [ "$status" -ne 0 ] || [ "${passed:-0}" -eq 0 ]; then exit 1; fi
