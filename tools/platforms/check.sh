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
python3 - "$lib" "$platform" <<'PY'
import os, sys, zipfile
lib, platform = sys.argv[1], sys.argv[2]
machine = {"linux-arm64": 183, "linux-x86_64": 62}[platform]   # ELF e_machine: EM_AARCH64, EM_X86_64
wanted = {"opencv", "openblas", "javacpp", "ffmpeg"}
found, checked = set(), 0
for name in sorted(os.listdir(lib)):
    if name.endswith(".jar") and "-linux-" in name and name.split("-")[0] in wanted:
        assert name.endswith(f"-{platform}.jar"), f"{name}: natives of another platform"
        with zipfile.ZipFile(os.path.join(lib, name)) as z:
            for entry in z.namelist():
                if ".so" in os.path.basename(entry) and not entry.endswith("/"):
                    head = z.open(entry).read(20)
                    if head[:4] == b"\x7fELF":
                        got = int.from_bytes(head[18:20], "little")
                        assert got == machine, f"{name}!{entry}: ELF machine {got}, not {machine}"
                        checked += 1
        found.add(name.split("-")[0])
assert found == wanted, f"missing natives: {wanted - found}"
ort = [n for n in os.listdir(lib) if n.startswith("onnxruntime-")]
assert ort, "no ONNX Runtime jar"
arch = {"linux-arm64": "linux-aarch64", "linux-x86_64": "linux-x64"}[platform]
with zipfile.ZipFile(os.path.join(lib, ort[0])) as z:
    assert any(f"/native/{arch}/libonnxruntime.so" in e for e in z.namelist()), f"ONNX Runtime lacks {arch}"
print(f"{platform}: {sorted(found)} natives present, {checked} native libraries all of the right machine; "
      f"ONNX Runtime carries {arch}")
PY
