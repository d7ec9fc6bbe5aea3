#!/usr/bin/env bash
# Install the query editor (YASGUI) from npm and copy its built files where Flask serves them.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=webapp/static/vendor/yasgui
if [ -f "$dest/yasgui.min.js" ] && [ "$dest/yasgui.min.js" -nt package-lock.json ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "setup-frontend: npm is missing; the SPARQL page falls back to a plain form" >&2
  exit 0
fi
npm ci --silent --no-audit --no-fund
mkdir -p "$dest"
cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css "$dest/"
