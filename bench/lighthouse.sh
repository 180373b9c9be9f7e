#!/usr/bin/env bash
# Lighthouse (npm, pinned 12.2.3; 13 needs Node 22) on every page of the generated site, served by the real local
# host as production serves it (Brotli/gzip, the caching and headers of staticwebapp.config.json), with Debian's
# Chromium and no network beyond 127.0.0.1. Prints one markdown row per page with the four category scores and,
# for a score under 100, the audits that cost it.
# Usage: ./bench/lighthouse.sh [markdown output file]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/lib.sh
ensure_node_modules
ensure_chromium
PORT=${PORT:-7181}
OUT="${1:-/dev/stdout}"

dotnet build monalisa-serverless.sln -c Debug -v quiet -nologo >/dev/null
dotnet src/Monalisa.Site/bin/Debug/net10.0/Monalisa.Site.dll build --exemples >/dev/null

# The local host (Azurite included) in the background; stopped by its own pid when the script ends.
dotnet src/Monalisa.LocalHost/bin/Debug/net10.0/Monalisa.LocalHost.dll --urls "http://127.0.0.1:$PORT" >"${TMPDIR:-/tmp}/monalisa-lighthouse-host.log" 2>&1 &
host=$!
reports="$(mktemp -d)"
trap 'kill -TERM $host 2>/dev/null; wait $host 2>/dev/null || true; rm -rf "$reports"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/api/sessions" >/dev/null 2>&1 && break
  sleep 0.5
done

# Every page the generator wrote, as its URL (folder URLs end with « / »).
# Not /admin/: the staff's editor (Decap CMS, self-hosted, a few MB of script) is a tool, not a page for visitors.
mapfile -t pages < <(cd site/output && find . -name '*.html' -not -path './admin/*' | sed -e 's|^\.||' -e 's|index\.html$||' | sort)
{
  echo "| page | performance | accessibilité | bonnes pratiques | SEO | en dessous de 100 |"
  echo "|---|---:|---:|---:|---:|---|"
} > "$reports/table.md"
: > "$reports/met.txt"
: > "$reports/third.txt"
for page in "${pages[@]}"; do
  report="$reports/$(echo "$page" | tr '/' '_').json"
  CHROME_PATH=/usr/bin/chromium node_modules/.bin/lighthouse "http://127.0.0.1:$PORT$page" \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output-path="$report" --quiet || { echo "| \`$page\` | — | — | — | — | Lighthouse a échoué |" >> "$reports/table.md"; continue; }
  node -e '
    const r = require(process.argv[1]);
    const s = id => Math.round(r.categories[id].score * 100);
    const failed = Object.values(r.audits).filter(a => a.score !== null && a.score < 1
      && !["informative", "manual", "notApplicable"].includes(a.scoreDisplayMode)).map(a => a.id);
    // A page that says noindex on purpose (confirmations, 404) fails only « is-crawlable », by design: its SEO score
    // is also given without that audit, and the page counts as meeting the target if all else is 100.
    const noindex = r.audits["is-crawlable"]?.score === 0;
    const refs = r.categories.seo.auditRefs.filter(a => a.weight > 0 && a.id !== "is-crawlable" && r.audits[a.id].score !== null);
    const seoOther = Math.round(100 * refs.reduce((t, a) => t + a.weight * r.audits[a.id].score, 0) / refs.reduce((t, a) => t + a.weight, 0));
    const seo = noindex ? `${s("seo")} (noindex voulu ; ${seoOther} sans cet audit)` : `${s("seo")}`;
    console.log(`| \`${process.argv[2]}\` | ${s("performance")} | ${s("accessibility")} | ${s("best-practices")} | ${seo} | ${failed.join(", ") || "—"} |`);
    const met = ["performance", "accessibility", "best-practices"].every(c => s(c) === 100) && (noindex ? seoOther === 100 : s("seo") === 100);
    require("fs").appendFileSync(process.argv[3], `${met ? "oui" : "non"} ${process.argv[2]}\n`);
    // Requests to any other origin than the local host (fonts, analytics, CDNs): there must be none.
    const own = new URL(r.finalDisplayedUrl || r.requestedUrl).origin;
    const others = (r.audits["network-requests"]?.details?.items || []).filter(i => /^https?:/.test(i.url) && new URL(i.url).origin !== own);
    require("fs").appendFileSync(process.argv[3].replace("met.txt", "third.txt"), `${others.length} ${process.argv[2]}\n`);
  ' "$report" "$page" "$reports/met.txt" >> "$reports/table.md"
  echo "lighthouse $page done" >&2
done
{
  cat "$reports/table.md"
  echo
  echo "| objectif | mesure | atteint |"
  echo "|---|---|:---:|"
  total=$(wc -l < "$reports/met.txt"); ok=$(grep -c '^oui' "$reports/met.txt" || true)
  missed=$(grep '^non' "$reports/met.txt" | cut -d' ' -f2- | sed 's/.*/`&`/' | paste -sd ',' - | sed 's/,/, /g')
  third=$(awk '{ n += $1 } END { print n + 0 }' "$reports/third.txt")
  echo "| 0 requête vers un tiers, chaque page (requêtes réseau vues par Lighthouse) | $third | $([ "$third" -eq 0 ] && echo oui || echo non) |"
  echo "| Lighthouse 100 dans les quatre catégories, chaque page (hors is-crawlable des pages noindex voulues) | $ok pages sur $total${missed:+ ; manquées : $missed} | $([ "$ok" -eq "$total" ] && echo oui || echo non) |"
} > "$OUT"
