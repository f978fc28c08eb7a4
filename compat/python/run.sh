#!/usr/bin/env bash
# Runs the compatibility suite: Roboflow's Python inference-sdk (pinned) against the real server jar.
# Creates compat/python/.venv on first use. Fails (never skips) when Python 3 is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../venv.sh"
ensure_venv "$here"
venv="$here/.venv"
cd "$here"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
