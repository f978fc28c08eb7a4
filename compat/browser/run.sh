#!/usr/bin/env bash
# Renders /docs and /redoc of the real server jar in headless Chromium (Debian's chromium, driven by playwright-core
# from npm). Installs playwright-core into compat/browser/node_modules on first use, and Debian's chromium when it is
# missing and this runs as root; otherwise fails (never skips) naming what is missing. Screenshots: $1 (a folder).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "browser checks: $chromium not found; install Debian's chromium (apt-get install chromium) or set CHROMIUM" >&2
    exit 1
  fi
fi
if ! command -v npm >/dev/null; then
  echo "browser checks: npm not found; install Node.js 18 or later" >&2
  exit 1
fi
cd "$here"
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node api-pages.mjs "$@"
