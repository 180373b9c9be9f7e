#!/usr/bin/env bash
# Journeys, faults and hostile input (their tests, for their figures), load bench and site build times; writes
# docs/quality.md from this one run. Loopback only, stops by itself (about ten minutes on 2 cores).
# Usage: ./bench/run.sh [requests per level, default 300]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/lib.sh
ensure_node_modules
ensure_chromium
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
REQUESTS="${1:-300}"
SLUG=animer-une-strategie-de-cooperation-monalisa

dotnet build src/Monalisa.Site -c Release -v quiet -nologo >/dev/null
dotnet build bench/Monalisa.Bench -c Release -v quiet -nologo >/dev/null
# Measured with the marked example legal facts (--exemples): a public build refuses them until they are filled in.
site() { dotnet src/Monalisa.Site/bin/Release/net10.0/Monalisa.Site.dll build --exemples "$@"; }
site >/dev/null   # the static file the load bench serves

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The journeys, fault and hostile-input tests of ./scripts/test.sh, run again here for their results and the summary
# line each writes; a failure is reported in the table, not hidden.
trx="$tmp/trx"
set +e
dotnet test tests/Monalisa.Browser.Tests -c Debug -nologo --filter "FullyQualifiedName~.JourneyTests." \
  --logger "trx;LogFileName=journeys.trx" --results-directory "$trx" >&2
dotnet test tests/Monalisa.Functions.Tests -c Debug -nologo --filter "FullyQualifiedName~.Faults.|FullyQualifiedName~.Hostile.|FullyQualifiedName~.SiteHeadersTests." \
  --logger "trx;LogFileName=functions.trx" --results-directory "$trx" >&2
dotnet test tests/Monalisa.Site.Tests -c Debug -nologo --filter "FullyQualifiedName~.SecurityHeadersTests." \
  --logger "trx;LogFileName=site.trx" --results-directory "$trx" >&2
set -e
dotnet bench/Monalisa.Bench/bin/Release/net10.0/Monalisa.Bench.dll tests "$tmp/tests.md" "$trx"/*.trx \
  || echo "Some of these tests failed: see docs/quality.md." >&2

dotnet bench/Monalisa.Bench/bin/Release/net10.0/Monalisa.Bench.dll "$tmp/load.md" "$REQUESTS"

# Cold start: the local host against an empty ASP.NET Core app, both built (Release) and started with `dotnet app.dll`,
# then both published ReadyToRun (as the deploy workflow publishes the Functions app) and started the same way.
dotnet build src/Monalisa.LocalHost -c Release -v quiet -nologo >/dev/null
dotnet build bench/EmptyApp -c Release -v quiet -nologo >/dev/null
r2r() { dotnet publish "$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -v quiet -nologo -o "$2" >/dev/null; }
r2r src/Monalisa.LocalHost "$tmp/host-r2r"
r2r bench/EmptyApp "$tmp/empty-r2r"
dotnet bench/Monalisa.Bench/bin/Release/net10.0/Monalisa.Bench.dll coldstart "$tmp/cold.md" \
  "application ASP.NET Core vide (build)" bench/EmptyApp/bin/Release/net10.0/EmptyApp.dll \
  "hôte local (build)" src/Monalisa.LocalHost/bin/Release/net10.0/Monalisa.LocalHost.dll \
  "application vide (publiée ReadyToRun)" "$tmp/empty-r2r/EmptyApp.dll" \
  "hôte local (publié ReadyToRun)" "$tmp/host-r2r/Monalisa.LocalHost.dll" \
  || echo "| le démarrage à froid n'a pas été mesuré | | |" > "$tmp/cold.md"

# The course page's weight as a visitor downloads it (HTML, CSS and JS, gzip -9): the budget is 40 KB.
page="site/output/formations/$SLUG/index.html"
weight=0
for f in "$page" $(grep -o '/assets/[a-z]*\.[0-9a-f]*\.\(css\|js\)' "$page" | sort -u | sed 's|^|site/output|'); do
  weight=$(( weight + $(gzip -9 -c "$f" | wc -c) ))
done
weight_row="| page de formation ≤ 40 Ko en gzip (HTML, CSS, JS) | $(awk "BEGIN { printf \"%.1f\", $weight / 1024 }") Ko | $([ "$weight" -le 40960 ] && echo oui || echo non) |"

# Lighthouse on every page, served by the local host as production serves it (compression, caching, headers).
"$ROOT/bench/lighthouse.sh" "$tmp/lighthouse.md" || echo "| Lighthouse n'a pas tourné | | | | | |" > "$tmp/lighthouse.md"

# Site build: n generated courses (copies of the real one, as bench/site-weight.sh makes them), median of 3 runs of
# the generator's own clock. Once into a folder on disk, once into tmpfs (/dev/shm) when there is one: 1 000 courses
# write 5 000 pages (~120 MB) in 5 000 folders, and on a small VM's disk that alone takes seconds, and varies a lot.
RUNS=3
shm=""
if [ -d /dev/shm ] && [ -w /dev/shm ]; then shm="$(mktemp -d /dev/shm/monalisa-bench-XXXXXX)"; fi
trap 'rm -rf "$tmp" ${shm:+"$shm"}' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
build_ms() { # site folder, output folder → generator ms
  rm -rf "$2"
  site --site "$1" --output "$2" | grep -o '([0-9]* ms)' | tr -d '()' | sed 's/ ms//'
}
# The cost of one more course between two sizes: ms at the larger, ms at the smaller, larger n, smaller n.
per_course() { awk "BEGIN { printf \"%.1f\", ($1 - $2) / ($3 - $4) }"; }
build_rows=""
declare -A disk_ms ram_ms
previous=""
for n in 1 50 200 1000; do
  dir="$tmp/site-$n"
  mkdir -p "$dir"
  cp -r site/input site/theme site/settings.yml site/staticwebapp.config.json "$dir/"
  rm -f "$dir/input/courses/"*.md
  for i in $(seq 1 "$n"); do
    sed -e "s/^Slug: .*/Slug: formation-$i/" -e "s/^Title: \(.*\)/Title: \1 ($i)/" -e "s/^  - Id: \(.*\)/  - Id: \1-$i/" \
      "site/input/courses/$SLUG.md" > "$dir/input/courses/formation-$i.md"
  done
  disk_ms[$n]=$(for r in $(seq 1 $RUNS); do build_ms "$dir" "$dir/output"; done | median)
  pages=$(find "$dir/output" -name '*.html' | wc -l)
  if [ -n "$shm" ]; then ram_ms[$n]=$(for r in $(seq 1 $RUNS); do build_ms "$dir" "$shm/site-$n"; done | median); rm -rf "$shm/site-$n"; fi
  row="| $n | $pages | ${disk_ms[$n]} ms"
  [ -z "$previous" ] && row+=" | —" || row+=" | $(per_course "${disk_ms[$n]}" "${disk_ms[$previous]}" "$n" "$previous") ms"
  if [ -n "$shm" ]; then
    row+=" | ${ram_ms[$n]} ms"
    [ -z "$previous" ] && row+=" | —" || row+=" | $(per_course "${ram_ms[$n]}" "${ram_ms[$previous]}" "$n" "$previous") ms"
  else
    row+=" | — | —"
  fi
  build_rows+="$row |"$'\n'
  echo "site, $n courses: disk ${disk_ms[$n]} ms, tmpfs ${ram_ms[$n]:-—} ms" >&2
  previous=$n
done
# Linear (or better): one more course costs no more from 200 to 1 000 courses than from 50 to 200 (within 1.5 ×).
# It may cost less: start-up and warm-up are spread over more pages.
is_linear() { # ms at 50, 200, 1000
  awk "BEGIN { b = ($2 - $1) / 150; c = ($3 - $2) / 800; print (c <= 1.5 * b) ? \"oui\" : \"non\" }"
}
target_rows=""
target_row() { # label, ms at 1, 50, 200, 1000
  target_rows+="| 1 000 formations en ≤ 5 s, $1 | $5 ms | $([ "$5" -le 5000 ] && echo oui || echo non) |"$'\n'
  target_rows+="| croissance linéaire, $1 | une formation de plus coûte $(per_course "$4" "$3" 200 50) ms de 50 à 200, $(per_course "$5" "$4" 1000 200) ms de 200 à 1 000 | $(is_linear "$3" "$4" "$5") |"$'\n'
}
[ -n "$shm" ] && target_row "sortie en mémoire (le générateur)" "${ram_ms[1]}" "${ram_ms[50]}" "${ram_ms[200]}" "${ram_ms[1000]}"
target_row "sortie sur disque" "${disk_ms[1]}" "${disk_ms[50]}" "${disk_ms[200]}" "${disk_ms[1000]}"

# The hand-written reading of the figures (from « ## Lecture » on) is kept across runs.
notes="$tmp/notes.md"
if [ -f docs/quality.md ]; then sed -n '/^## Lecture/,$p' docs/quality.md > "$notes"; else : > "$notes"; fi
{
  echo "# Qualité : parcours, pannes, entrées hostiles, charge"
  echo
  echo "Généré par \`./bench/run.sh\` le $(date -u '+%Y-%m-%d %H:%M UTC') (commit $(git rev-parse --short HEAD)). Ne pas modifier à la main"
  echo "au-dessus de la section « Lecture » : relancer la commande."
  echo
  echo "## Parcours, pannes et entrées hostiles"
  echo
  echo "Les tests de \`./scripts/test.sh\` qui le prouvent, relancés par ce banc pour leurs résultats et leurs relevés."
  echo
  cat "$tmp/tests.md"
  echo "## Charge (hôte local + Azurite)"
  echo
  cat "$tmp/load.md"
  echo
  echo "## Démarrage à froid"
  echo
  cat "$tmp/cold.md"
  echo
  echo "## Lighthouse, chaque page"
  echo
  echo "Servies par l'hôte local comme en production (Brotli/gzip, cache et en-têtes de staticwebapp.config.json), Chromium de Debian, Lighthouse 12, profil mobile simulé ; machine à $(nproc) cœurs."
  echo
  cat "$tmp/lighthouse.md"
  echo "$weight_row"
  echo
  echo "## Génération du site"
  echo
  echo "Temps mesuré par le générateur (lecture, rendu, écriture), médiane de $RUNS constructions ; machine à $(nproc) cœurs."
  echo
  echo "| formations | pages HTML | sortie sur disque | par formation depuis la ligne précédente | sortie en mémoire (tmpfs) | par formation depuis la ligne précédente |"
  echo "|---:|---:|---:|---:|---:|---:|"
  printf '%s' "$build_rows"
  echo
  echo "| objectif | mesure | atteint |"
  echo "|---|---|:---:|"
  printf '%s' "$target_rows"
  echo
  cat "$notes"
} > docs/quality.md
echo "docs/quality.md written." >&2
