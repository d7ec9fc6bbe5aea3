#!/usr/bin/env bash
# Install the front-end packages from npm and copy the files Flask serves (no CDN): the query
# editor (YASGUI), d3 and topojson-client for the pictures, world-atlas's country topology;
# and axe-core for the accessibility checks of the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=webapp/static/vendor
files=(
  "@zazuko/yasgui/build/yasgui.min.js:yasgui"
  "@zazuko/yasgui/build/yasgui.min.css:yasgui"
  "d3/dist/d3.min.js:d3"
  "topojson-client/dist/topojson-client.min.js:topojson-client"
  "world-atlas/countries-110m.json:world-atlas"
)
fresh=1
for entry in "${files[@]}"; do
  file=${entry%%:*}
  target="$dest/${entry##*:}/$(basename "$file")"
  if [ ! -f "$target" ] || [ package-lock.json -nt "$target" ]; then fresh=0; fi
done
# axe-core (a dev dependency) stays in node_modules: the browser tests read it from there.
[ -f node_modules/axe-core/axe.min.js ] || fresh=0
if [ "$fresh" = 1 ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "setup-frontend: npm is missing; the SPARQL page falls back to a plain form and" \
       "the pictures to their tables" >&2
  exit 0
fi
npm ci --silent --no-audit --no-fund
for entry in "${files[@]}"; do
  file=${entry%%:*}
  mkdir -p "$dest/${entry##*:}"
  cp "node_modules/$file" "$dest/${entry##*:}/"
done
