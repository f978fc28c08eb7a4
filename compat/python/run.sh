#!/usr/bin/env bash
# Runs the compatibility suite: Roboflow's Python inference-sdk (pinned) against the real server jar.
# Creates compat/python/.venv on first use. Fails (never skips) when Python 3 is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null; then
  echo "compat suite: $python not found; install Python 3.10-3.13 (the suite needs it)" >&2
  exit 1
fi
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$here/requirements.txt" "$venv/requirements.txt"; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$venv/requirements.txt"
fi
cd "$here"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
