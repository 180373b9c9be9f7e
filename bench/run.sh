#!/usr/bin/env bash
# Load bench and site build times; writes docs/quality.md. Loopback only, stops by itself (a few minutes on 2 cores).
# Usage: ./bench/run.sh [requests per level, default 300]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/lib.sh
ensure_node_modules
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
REQUESTS="${1:-300}"
SLUG=animer-une-strategie-de-cooperation-monalisa

dotnet build site/Monalisa.Site -c Release -v quiet -nologo >/dev/null
dotnet build bench/Monalisa.Bench -c Release -v quiet -nologo >/dev/null
site() { dotnet site/Monalisa.Site/bin/Release/net10.0/Monalisa.Site.dll build "$@"; }
site >/dev/null   # the static file the load bench serves

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
dotnet bench/Monalisa.Bench/bin/Release/net10.0/Monalisa.Bench.dll "$tmp/load.md" "$REQUESTS"

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
build_rows=""
for n in 1 50 200 1000; do
  dir="$tmp/site-$n"
  mkdir -p "$dir"
  cp -r site/input site/theme site/settings.yml site/staticwebapp.config.json "$dir/"
  rm -f "$dir/input/courses/"*.md
  for i in $(seq 1 "$n"); do
    sed -e "s/^Slug: .*/Slug: formation-$i/" -e "s/^Title: \(.*\)/Title: \1 ($i)/" -e "s/^  - Id: \(.*\)/  - Id: \1-$i/" \
      "site/input/courses/$SLUG.md" > "$dir/input/courses/formation-$i.md"
  done
  disk=$(for r in $(seq 1 $RUNS); do build_ms "$dir" "$dir/output"; done | median)
  pages=$(find "$dir/output" -name '*.html' | wc -l)
  ram="—"
  if [ -n "$shm" ]; then ram="$(for r in $(seq 1 $RUNS); do build_ms "$dir" "$shm/site-$n"; done | median) ms"; rm -rf "$shm/site-$n"; fi
  [ "$n" = 1 ] && disk1=$disk
  growth=$([ "$n" = 1 ] && echo "—" || awk "BEGIN { printf \"%.1f ms\", ($disk - $disk1) / ($n - 1) }")
  build_rows+="| $n | $pages | $disk ms | $growth | $ram |"$'\n'
  [ "$n" = 50 ] && growth50=$growth
  [ "$n" = 200 ] && growth200=$growth
  echo "site, $n courses: disk $disk ms, tmpfs $ram" >&2
done

# The hand-written reading of the figures (from « ## Lecture » on) is kept across runs.
notes="$tmp/notes.md"
if [ -f docs/quality.md ]; then sed -n '/^## Lecture/,$p' docs/quality.md > "$notes"; else : > "$notes"; fi
{
  echo "# Qualité : charge, pannes, entrées hostiles"
  echo
  echo "Généré par \`./bench/run.sh\` le $(date -u '+%Y-%m-%d %H:%M UTC') (commit $(git rev-parse --short HEAD)). Ne pas modifier à la main"
  echo "au-dessus de la section « Lecture » : relancer la commande."
  echo
  echo "## Charge (hôte local + Azurite)"
  echo
  cat "$tmp/load.md"
  echo
  echo "## Génération du site"
  echo
  echo "Temps mesuré par le générateur (lecture, rendu, écriture), médiane de $RUNS constructions ; machine à $(nproc) cœurs."
  echo
  echo "| formations | pages HTML | sortie sur disque | par formation de plus (disque) | sortie en mémoire (tmpfs) |"
  echo "|---:|---:|---:|---:|---:|"
  printf '%s' "$build_rows"
  echo
  echo "| objectif | mesure | atteint |"
  echo "|---|---|:---:|"
  echo "| 1 000 formations en ≤ 5 s (sortie sur disque) | $disk ms | $([ "$disk" -le 5000 ] && echo oui || echo non) |"
  echo "| croissance linéaire | par formation de plus : $growth50 (50), $growth200 (200), $growth (1 000) | $(awk "BEGIN { a = ${growth50% ms}; b = ${growth% ms}; print (b <= 1.5 * a && a <= 1.5 * b) ? \"oui\" : \"non\" }") |"
  echo
  cat "$notes"
} > docs/quality.md
echo "docs/quality.md written." >&2
