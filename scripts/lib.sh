# Shared steps of scripts/run.sh and scripts/test.sh: each installs what it needs on a fresh machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Numbered steps with the seconds elapsed since the script started: a first run restores and builds for minutes,
# and a newcomer should see it move. STEPS is set by run.sh and test.sh before their first step; the bench scripts,
# which share the install steps, set none and get plain lines.
STARTED=$SECONDS
STEP=0
step() {
  STEP=$((STEP + 1))
  if [ -n "${STEPS:-}" ]; then printf '[%d/%d] %s\n' "$STEP" "$STEPS" "$1"; else printf '› %s\n' "$1"; fi
}
done_step() {
  printf '      fait (%d s depuis le début)\n' "$((SECONDS - STARTED))"
}

# npm packages (Azurite, axe-core, Lighthouse, Decap CMS and its local decap-server), pinned by package-lock.json.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "Paquets npm (Azurite, axe-core, Lighthouse) : npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    done_step
  else
    step "Paquets npm : déjà installés"
  fi
}

# True when a file the programs are built from (code, project files, the site's content and theme, which
# Monalisa.Content embeds) is newer than $1.
newer_sources() {
  [ -n "$(find src site Directory.Build.props Directory.Packages.props global.json -newer "$1" -type f \
    -not -path '*/bin/*' -not -path '*/obj/*' -not -path 'site/output/*' -print -quit 2>/dev/null)" ]
}

# Restores then builds each project or solution given, in Debug. With verbose=1 (a first build: minutes), one line
# per project as it finishes; otherwise a single line. On failure, the errors only (not the whole MSBuild log).
build_all() {
  local verbose="$1"; shift
  local log; log="$(mktemp)"
  local target
  for target in "$@"; do
    if ! dotnet restore "$target" -v quiet -nologo >"$log" 2>&1; then
      grep -E 'error' "$log" | sort -u >&2 || cat "$log" >&2
      rm -f "$log"; return 1
    fi
  done
  [ "$verbose" = 1 ] && printf '      paquets NuGet restaurés (%d s)\n' "$((SECONDS - STARTED))"
  local seen; seen="$(mktemp)"
  for target in "$@"; do
    # -v minimal prints « Project -> path/Project.dll » when a project is built: the progress line (once per
    # project: a second target prints the projects it shares with the first again).
    if ! dotnet build "$target" -c Debug --no-restore -v minimal -nologo -clp:NoSummary 2>&1 | tee "$log" | while IFS= read -r line; do
        if [ "$verbose" = 1 ] && [[ $line =~ ^\ +([A-Za-z0-9.]+)\ -\>\  ]] && ! grep -qxF "${BASH_REMATCH[1]}" "$seen"; then
          echo "${BASH_REMATCH[1]}" >>"$seen"
          printf '      %-32s compilé (%d s)\n' "${BASH_REMATCH[1]}" "$((SECONDS - STARTED))"
        fi
      done; then
      grep -E ': error ' "$log" | sed -E 's/ \[[^]]*\]$//' | sort -u >&2 || true
      rm -f "$log" "$seen"; return 1
    fi
  done
  rm -f "$log" "$seen"
}

# Debian's Chromium and chromedriver, for the browser tests and Lighthouse (never a downloaded browser).
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "      apt-get install chromium chromium-driver (Debian ; une fois)"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

# pdftoppm (Debian's poppler-utils), for scripts/document-screenshots.sh only: the tests read PDFs with PdfPig.
ensure_poppler() {
  if ! command -v pdftoppm >/dev/null 2>&1; then
    echo "      apt-get install poppler-utils (Debian ; une fois)"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq poppler-utils >/dev/null
  fi
}
