#!/usr/bin/env bash
# Install what the benchmarks need beyond the project itself; idempotent, safe to re-run.
#   wrk               the HTTP load generator (Debian package; needs root, else bench uses Python)
#   rdflib-endpoint   the rdflib baseline server, run under uvicorn
#   py-spy, pyinstrument   the profilers behind bench/out/profiles/
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
    else
        echo "setup-bench: wrk not installed and not root; the Python load generator will be used" >&2
    fi
fi

if ! "$BIN/python" -c "import rdflib_endpoint, uvicorn, pyinstrument" 2>/dev/null \
        || [ ! -x "$BIN/py-spy" ]; then
    "$BIN/pip" install --quiet -e '.[bench]'
fi
