"""Checks a server's library folder (lib/ of a build, or the libs/ of a container image) for one platform: the
JavaCPP natives of OpenCV, FFmpeg, OpenBLAS and JavaCPP are that platform's jars, every native library in them is an
ELF file for that machine, and ONNX Runtime's jar carries its library.

    python3 tools/platforms/check_natives.py LIB_DIR linux-arm64
"""
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
