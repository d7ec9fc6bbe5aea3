#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser),
# and curl, with which the tests run the README's examples as a user would.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v curl >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-browser: chromium is missing and installing it needs root; browser tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core curl >/dev/null
chromium --version
