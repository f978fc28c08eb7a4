# Sourced by the compatibility suites' run.sh: ensure_venv DIR makes DIR/.venv from DIR/requirements.txt (every
# version pinned there) with the interpreter $PYTHON (default python3), and makes it again whenever the requirements
# change. Fails, never skips, when Python 3 is missing.
ensure_venv() {
  local dir="$1" python="${PYTHON:-python3}"
  if ! command -v "$python" >/dev/null; then
    echo "compat: $python not found; install Python 3.10-3.13 (the suites need it)" >&2
    return 1
  fi
  local venv="$dir/.venv"
  if [ ! -x "$venv/bin/python" ] || ! cmp -s "$dir/requirements.txt" "$venv/requirements.txt"; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$dir/requirements.txt"
    cp "$dir/requirements.txt" "$venv/requirements.txt"
  fi
}
