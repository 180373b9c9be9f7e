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

# Site build: n generated courses (copies of the real one, as bench/site-weight.sh makes them), wall time of the command.
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
  start=$(date +%s%N); own=$(site --site "$dir" --output "$dir/output" | grep -o '([0-9]* ms)' | tr -d '()' | sed 's/ ms//'); end=$(date +%s%N)
  pages=$(find "$dir/output" -name '*.html' | wc -l)
  wall=$(( (end - start) / 1000000 ))
  build_rows+="| $n | $pages | $own ms | $wall ms | $(awk "BEGIN { printf \"%.1f ms\", $own / $n }") |"$'\n'
  echo "site, $n courses: $wall ms" >&2
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
  echo "| formations | pages HTML | temps du générateur | temps total (processus compris) | générateur par formation |"
  echo "|---:|---:|---:|---:|---:|"
  printf '%s' "$build_rows"
  echo
  cat "$notes"
} > docs/quality.md
echo "docs/quality.md written." >&2
