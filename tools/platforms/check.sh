#!/usr/bin/env bash
# Proves what can be proven here about another platform's server: the library set of the linux-arm64 build (what
# `-Djavacpp.platform=linux-arm64` puts in server/target/lib) holds the arm64 natives of OpenCV, FFmpeg, OpenBLAS and
# JavaCPP, every native library in them is an AArch64 ELF file, and none is x86-64; and ONNX Runtime's jar carries
# its linux-aarch64 library. Running the server on ARM needs an ARM machine, which CI does not have.
set -euo pipefail
cd "$(dirname "$0")/../.."
platform=${1:-linux-arm64}
lib=target/platforms/$platform/lib
rm -rf "$lib"
./mvnw -q -B -ntp -pl server dependency:copy-dependencies -Djavacpp.platform="$platform" -DincludeScope=runtime \
  -DoutputDirectory="$(pwd)/$lib"
python3 tools/platforms/check_natives.py "$lib" "$platform"
