"""Checks the two-platform image archive (an OCI archive holding one manifest list) that build-and-check.sh makes.

- The list names linux/amd64 and linux/arm64, and its amd64 entry is the image that was just run and checked.
- The arm64 entry's configuration says arm64 and starts the server; its Java is an AArch64 executable, on the PATH,
  with the CA certificates Java reads; its libs/ (extracted to OUT/libs for tools/platforms/check_natives.py) are the
  server's with the arm64 natives.
- This machine cannot run arm64 code, so the arm64 image is compared with the amd64 one, which ran: every shared
  library that Java or a native library of the server (JavaCPP's, ONNX Runtime's) needs is in the image, except those
  that the amd64 image lacks too (OpenCV's GUI, FFmpeg's capture devices: never loaded by the server).

    python3 deploy/container/check_multiarch.py ARCHIVE AMD64_LAYERS_JSON OUT

AMD64_LAYERS_JSON: the checked image's layer ids (`podman image inspect --format '{{json .RootFS.Layers}}'`), which
stay the same when the image is copied into the list in another manifest format.
"""
import gzip
import io
import json
import os
import sys
import tarfile
import zipfile

EM_AARCH64 = 183
JVM = {"amd64": "usr/lib/jvm/java-17-openjdk-amd64/", "arm64": "usr/lib/jvm/java-17-openjdk-arm64/"}
ORT = {"amd64": "/native/linux-x64/", "arm64": "/native/linux-aarch64/"}


def elf_needed(data):
    """The DT_NEEDED names of a 64-bit little-endian ELF file (an executable or a shared library)."""

    def num(offset, size):
        return int.from_bytes(data[offset : offset + size], "little")

    shoff, shentsize, shnum = num(0x28, 8), num(0x3A, 2), num(0x3C, 2)
    sections = [
        (num(h + 4, 4), num(h + 0x18, 8), num(h + 0x20, 8), num(h + 0x28, 4))  # type, offset, size, link
        for h in (shoff + i * shentsize for i in range(shnum))
    ]
    names = []
    for kind, offset, size, link in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strings = sections[link][1]
        for entry in range(offset, offset + size, 16):
            if num(entry, 8) == 1:  # DT_NEEDED
                start = strings + num(entry + 8, 8)
                names.append(data[start : data.index(b"\0", start)].decode())
    return names


class Image:
    """An image of the list: its configuration, the names of its files, and its ELF files (Java's and the natives in
    its app/libs jars)."""

    def __init__(self, blob, manifest_digest, arch, libs_out=None):
        manifest = json.loads(blob(manifest_digest))
        self.config = json.loads(blob(manifest["config"]["digest"]))
        self.files, self.elves = {}, {}
        for layer in manifest["layers"]:
            with tarfile.open(fileobj=io.BytesIO(gzip.decompress(blob(layer["digest"])))) as t:
                for member in t.getmembers():
                    name = member.name.lstrip("./")
                    self.files[name] = member
                    if name.startswith(JVM[arch]) and member.isfile() and (".so" in name or "/bin/" in name):
                        self.elves[name] = t.extractfile(member).read()
                    elif name.startswith("app/libs/") and name.endswith(".jar"):
                        jar = t.extractfile(member).read()
                        if libs_out:
                            with open(os.path.join(libs_out, os.path.basename(name)), "wb") as f:
                                f.write(jar)
                        self._natives(name, jar, arch)

    def _natives(self, jar_name, jar, arch):
        native = "-linux-" in jar_name or "/onnxruntime-" in jar_name
        if not native:
            return
        with zipfile.ZipFile(io.BytesIO(jar)) as z:
            for entry in z.namelist():
                if ".so" in os.path.basename(entry) and ("/onnxruntime-" not in jar_name or ORT[arch] in entry):
                    data = z.read(entry)
                    if data[:4] == b"\x7fELF":
                        self.elves[jar_name + "!" + entry] = data

    def unresolved(self):
        """(file, library) pairs: a library an ELF file needs that no file of the image is named after."""
        present = {os.path.basename(n) for n in self.files} | {os.path.basename(n) for n in self.elves}
        return {
            (os.path.basename(name.split("!")[-1]), needed)
            for name, data in self.elves.items()
            for needed in elf_needed(data)
            if needed not in present
        }


archive, amd64_layers, out = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
with tarfile.open(archive) as oci:

    def blob(digest):
        return oci.extractfile("blobs/" + digest.replace(":", "/")).read()

    index = json.load(oci.extractfile("index.json"))
    assert len(index["manifests"]) == 1, index
    manifest_list = json.loads(blob(index["manifests"][0]["digest"]))
    platforms = {
        (m["platform"]["os"], m["platform"]["architecture"]): m["digest"] for m in manifest_list["manifests"]
    }
    assert set(platforms) == {("linux", "amd64"), ("linux", "arm64")}, platforms

    amd64 = Image(blob, platforms[("linux", "amd64")], "amd64")
    assert amd64.config["rootfs"]["diff_ids"] == amd64_layers, (amd64.config["rootfs"], amd64_layers)

    libs = os.path.join(out, "libs")
    os.makedirs(libs, exist_ok=True)
    arm64 = Image(blob, platforms[("linux", "arm64")], "arm64", libs)

assert (arm64.config["os"], arm64.config["architecture"]) == ("linux", "arm64"), arm64.config
entrypoint = arm64.config["config"]["Entrypoint"]
assert entrypoint[0] == "java" and entrypoint[-1] == "io.jinference.server.Application", entrypoint
for needed in (
    JVM["arm64"] + "bin/java",
    JVM["arm64"] + "lib/server/libjvm.so",
    "etc/ssl/certs/java/cacerts",
    "lib/ld-linux-aarch64.so.1",
    "app/classpath/jinference-server.jar",
):
    assert needed in arm64.files, f"the arm64 image lacks {needed}"
assert arm64.files["usr/bin/java"].issym(), "no java on the arm64 image's PATH"
assert arm64.files["etc/ssl/certs/java/cacerts"].size > 100_000, "no CA certificates for Java"
for name, data in arm64.elves.items():
    machine = int.from_bytes(data[18:20], "little")
    assert machine == EM_AARCH64, f"{name}: ELF machine {machine}, not AArch64"

missing = arm64.unresolved() - amd64.unresolved()
assert not missing, f"libraries the arm64 image lacks and the amd64 image has: {sorted(missing)}"
print(
    f"container: the image list holds linux/amd64 (the image checked above) and linux/arm64: AArch64 Java 17, "
    f"{len(os.listdir(libs))} jars in app/libs, {len(arm64.elves)} ELF files all AArch64, each library they need "
    f"present unless the amd64 image also lacks it ({len(amd64.unresolved())} such: "
    f"{sorted({n for _, n in amd64.unresolved()})})"
)
