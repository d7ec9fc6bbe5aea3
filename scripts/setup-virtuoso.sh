#!/usr/bin/env bash
# Install Debian's Virtuoso 7 (virtuoso-t, isql-vt) for the remote-store tests; idempotent.
# The package's own service is never started: tests run a private server per session
# (tests/virtuoso.py) with its database and ports in a temporary folder on 127.0.0.1.
set -euo pipefail
if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-virtuoso: virtuoso-t is missing and installing it needs root; Virtuoso tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# The package's maintainer scripts would start the system service: policy-rc.d forbids that.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f "$policy"' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
virtuoso-t -? 2>&1 | head -n 1 || true
