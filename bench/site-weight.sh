#!/usr/bin/env bash
# Reports the course page's transfer weight (HTML + CSS + JS, gzip) and the site build time, for the real content
# and for 200 generated courses. A report, not a test: it prints figures and checks the 40 KB budget.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
SLUG=animer-une-strategie-de-cooperation-monalisa
BUDGET=40960

dotnet build src/Monalisa.Site -c Release -v quiet -nologo >/dev/null
# Measured with the marked example legal facts (--exemples): a public build refuses them until they are filled in.
site() { dotnet src/Monalisa.Site/bin/Release/net10.0/Monalisa.Site.dll build --exemples "$@"; }

# Build time, real content: the generator's own figure, and the wall time of the whole command (process start included).
start=$(date +%s%N); site; end=$(date +%s%N)
echo "Build, real content: $(( (end - start) / 1000000 )) ms wall"

page="site/output/formations/$SLUG/index.html"
css=$(grep -o '/assets/site\.[0-9a-f]*\.css' "$page" | head -1)
js=$(grep -o '/assets/site\.[0-9a-f]*\.js' "$page" | head -1)
gz() { gzip -9 -c "$1" | wc -c; }
html_gz=$(gz "$page"); css_gz=$(gz "site/output$css"); js_gz=$(gz "site/output$js")
total=$(( html_gz + css_gz + js_gz ))
printf 'Course page, gzip -9: HTML %d B (raw %d), CSS %d B (raw %d), JS %d B (raw %d), total %d B (%.1f KB; budget 40 KB)\n' \
  "$html_gz" "$(wc -c < "$page")" "$css_gz" "$(wc -c < "site/output$css")" "$js_gz" "$(wc -c < "site/output$js")" "$total" "$(echo "$total / 1024" | bc -l)"

# 200 courses: copies of the real one, each with its own slug and session ids.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -r site/input site/theme site/settings.yml "$tmp/"
for i in $(seq 1 200); do
  sed -e "s/^Slug: .*/Slug: formation-$i/" -e "s/^Title: \(.*\)/Title: \1 ($i)/" -e "s/^  - Id: \(.*\)/  - Id: \1-$i/" \
    "site/input/courses/$SLUG.md" > "$tmp/input/courses/formation-$i.md"
done
start=$(date +%s%N); site --site "$tmp" --output "$tmp/output"; end=$(date +%s%N)
echo "Build, 201 courses ($(find "$tmp/output" -name index.html | wc -l) pages): $(( (end - start) / 1000000 )) ms wall"

[ "$total" -le "$BUDGET" ] || { echo "Course page over budget: $total B > $BUDGET B"; exit 1; }
