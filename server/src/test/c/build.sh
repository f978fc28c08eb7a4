#!/usr/bin/env bash
# Builds the emulated camera (fake_v4l2.c) for CameraSourceTest into $1. Off Linux, or without a C compiler or the V4L2
# header, it says so and builds nothing: the test then skips itself, except on CI (.ci/run installs gcc).
set -euo pipefail
out=$1
mkdir -p "$out"
if [ "$(uname -s)" != Linux ] || [ ! -f /usr/include/linux/videodev2.h ] || ! command -v cc >/dev/null 2>&1; then
  echo "fake-v4l2: not Linux, or no C compiler (cc) or V4L2 header (linux-libc-dev): CameraSourceTest will be skipped"
  exit 0
fi
cc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$out/libfakev4l2.so" "$(dirname "$0")/fake_v4l2.c" -ldl -lpthread
