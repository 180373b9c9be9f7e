#!/usr/bin/env bash
# Lighthouse (npm, pinned 12.2.3; 13 needs Node 22) on the course page, served by the real local host, with Debian's
# Chromium and no network beyond 127.0.0.1. Prints the four category scores.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
ensure_node_modules
ensure_chromium
SLUG=animer-une-strategie-de-cooperation-monalisa
PORT=${PORT:-7181}

dotnet build monalisa-serverless.sln -c Debug -v quiet -nologo >/dev/null
dotnet src/Monalisa.Site/bin/Debug/net10.0/Monalisa.Site.dll build

# The local host (Azurite included) in the background; stopped by its own pid when the script ends.
dotnet src/Monalisa.LocalHost/bin/Debug/net10.0/Monalisa.LocalHost.dll --urls "http://127.0.0.1:$PORT" >"${TMPDIR:-/tmp}/monalisa-lighthouse-host.log" 2>&1 &
host=$!
trap 'kill -TERM $host 2>/dev/null; wait $host 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/api/sessions?course=$SLUG" >/dev/null 2>&1 && break
  sleep 0.5
done

report="${TMPDIR:-/tmp}/monalisa-lighthouse.json"
CHROME_PATH=/usr/bin/chromium node_modules/.bin/lighthouse "http://127.0.0.1:$PORT/formations/$SLUG/" \
  --chrome-flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync" \
  --only-categories=performance,accessibility,best-practices,seo \
  --output=json --output-path="$report" --quiet

node -e '
  const r = require(process.argv[1]);
  for (const [id, c] of Object.entries(r.categories)) console.log(`${c.title.padEnd(16)} ${Math.round(c.score * 100)}`);
  const failed = Object.values(r.audits).filter(a => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual" && a.scoreDisplayMode !== "notApplicable");
  if (failed.length) console.log("Not at 100:", failed.map(a => `${a.id} (${a.displayValue || a.score})`).join("; "));
' "$report"
echo "Full report: $report"
