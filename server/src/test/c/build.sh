#!/usr/bin/env bash
# Builds the emulated camera (fake_v4l2.c) for CameraSourceTest into $1. Without a C compiler it says so and builds
# nothing: the test then skips itself, except on CI (.ci/run installs gcc).
set -euo pipefail
out=$1
mkdir -p "$out"
if ! command -v cc >/dev/null 2>&1; then
  echo "fake-v4l2: no C compiler (cc): CameraSourceTest will be skipped"
  exit 0
fi
cc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$out/libfakev4l2.so" "$(dirname "$0")/fake_v4l2.c" -ldl -lpthread
