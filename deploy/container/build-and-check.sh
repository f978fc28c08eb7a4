#!/usr/bin/env bash
# Builds the server's container image without a Docker daemon or a registry, then checks it for real: runs it with
# podman, waits for /readiness, runs one inference on a test photo, sends SIGTERM and checks a clean exit.
#   1. a JRE 17 base image made from Debian packages (debootstrap, then podman import/save), cached in
#      server/target/container/jre17-base.tar;
#   2. Jib (jib:buildTar, profile "container") layers the server on it: server/target/jib-image.tar;
#   3. podman loads and runs it (runc, and the ulimits these sandboxes allow; see ../../docs/deployment.md);
#   4. the repository's Dockerfile, built by podman on the same base (BASE_IMAGE), run and checked the same way;
#   5. an arm64 image (Jib on an arm64 JRE 17 base extracted from Debian's arm64 packages, with the arm64 natives),
#      and a manifest list of both images, saved as server/target/jinference-server-multiarch.oci.tar (for
#      `skopeo copy --all oci-archive:... docker://REGISTRY/...`) and checked file by file (check_multiarch.py): this
#      machine cannot run arm64 code, so the arm64 image is checked, not run. FFmpeg's arm64 build needs VA-API and
#      libdrm from the system (its amd64 build carries them), hence the three packages beyond Java.
# Needs the server packaged (./mvnw verify or package first) and root for apt-get, debootstrap and podman.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/server/target/container"
mkdir -p "$work"
export DEBIAN_FRONTEND=noninteractive
missing=()
for tool in debootstrap mmdebstrap podman runc curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

base="$work/jre17-base.tar"
if [ ! -s "$base" ]; then
  echo "container: making a JRE 17 base image from Debian packages"
  rm -rf "$work/rootfs"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$work/rootfs" \
    http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; exit 1; }
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  tar -C "$work/rootfs" -c . | podman import -q --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - localhost/jinference/jre17-base:1 >/dev/null
  podman save -q --format docker-archive -o "$base" localhost/jinference/jre17-base:1
  rm -rf "$work/rootfs"
fi

echo "container: building the image with Jib"
version="$(cd "$root" && ./mvnw -q -B -ntp help:evaluate -Dexpression=project.version -DforceStdout -pl server)"
(cd "$root" && ./mvnw -q -B -ntp -pl server -Pcontainer jib:buildTar -Dbase.tar="$base")
podman load -q -i "$root/server/target/jib-image.tar" >/dev/null
image="jinference/server:$version"
name="jinference-check-$$"

# check IMAGE: runs it, waits for /readiness, one real inference, SIGTERM and a clean exit
check() {
  local image=$1
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "container: running $image on port $port"
  started=$(date +%s.%N)
  podman --runtime runc run -d --no-healthcheck --name "$name" --network host --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 \
    -e PORT="$port" -e HOST=127.0.0.1 -e PRELOAD_MODELS=coco-nanodet/1 \
    -v "$root/server/src/test/resources/images:/videos:ro" -e ALLOW_LOADING_IMAGES_FROM_LOCAL_FILESYSTEM=true \
    -e LOCAL_IMAGE_ROOTS=/videos "$image" >/dev/null
  for _ in $(seq 1 120); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readiness")" = 200 ]; then break; fi
    if [ "$(podman --runtime runc inspect -f '{{.State.Running}}' "$name")" != true ]; then
      podman --runtime runc logs "$name" | tail -30; echo "container: the server exited" >&2; exit 1
    fi
    sleep 1
  done
  curl -sf "http://127.0.0.1:$port/readiness" >/dev/null || { podman --runtime runc logs "$name" | tail -30; exit 1; }
  echo "container: ready after $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $started }") s (PRELOAD_MODELS loaded); one real inference"
  body="$work/request.json"
  { printf '{"model_id": "coco-nanodet/1", "confidence": 0.3, "image": {"type": "base64", "value": "'
    base64 -w0 "$root/server/src/test/resources/images/darknet-dog.jpg"; printf '"}}'; } >"$body"
  curl -sf "http://127.0.0.1:$port/infer/object_detection" -H 'Content-Type: application/json' -d @"$body" \
    >"$work/answer.json"
  python3 - "$work/answer.json" <<'PY'
import json, sys
answer = json.load(open(sys.argv[1]))
classes = {p["class"] for p in answer["predictions"]}
# the golden detections of the default model on this photo (server/src/test: DefaultModelGoldenTest)
assert {"dog", "bicycle", "truck"} <= classes, classes
print("container: detected", sorted(classes))
PY
  # FFmpeg in the image (JavaCV's natives and the system libraries they need): a pipeline reads the photo as a
  # one-frame video through FFmpeg and runs the default model on it
  pipeline=$(curl -sf "http://127.0.0.1:$port/inference_pipelines/initialise" -H 'Content-Type: application/json' -d '{
    "video_configuration": {"type": "VideoConfiguration", "video_reference": "/videos/darknet-dog.jpg"},
    "processing_configuration": {"type": "WorkflowConfiguration", "workflow_specification": {"version": "1.0",
      "inputs": [{"type": "WorkflowImage", "name": "image"}],
      "steps": [{"type": "roboflow_core/roboflow_object_detection_model@v2", "name": "det", "images": "$inputs.image",
                 "model_id": "coco-nanodet/1", "confidence": 0.3}],
      "outputs": [{"type": "JsonField", "name": "predictions", "selector": "$steps.det.predictions"}]}},
    "sink_configuration": {"type": "MemorySinkConfiguration"}}' \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["context"]["pipeline_id"])')
  for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$port/inference_pipelines/$pipeline/consume" >"$work/consumed.json"
    python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["outputs"] else 1)' "$work/consumed.json" \
      && break
    sleep 0.5
  done
  python3 - "$work/consumed.json" <<'PY'
import json, sys
outputs = json.load(open(sys.argv[1]))["outputs"]
assert outputs, "the pipeline gave no result in 30 s"
classes = {p["class"] for p in outputs[0]["predictions"]["predictions"]}
assert {"dog", "bicycle", "truck"} <= classes, classes
print("container: a pipeline read the photo through FFmpeg and detected", sorted(classes))
PY
  curl -sf -X POST "http://127.0.0.1:$port/inference_pipelines/$pipeline/terminate" >/dev/null
  echo "container: SIGTERM"
  podman --runtime runc kill --signal TERM "$name" >/dev/null
  code="$(podman --runtime runc wait "$name")"
  logs="$(podman --runtime runc logs "$name" 2>&1)"
  if ! grep -q "Shutting down" <<<"$logs" || { [ "$code" != 0 ] && [ "$code" != 143 ]; }; then
    tail -20 <<<"$logs"; echo "container: no clean exit (status $code)" >&2; exit 1
  fi
  echo "container: $image stopped cleanly (status $code: the JVM's answer to SIGTERM)"
  cleanup
}
cleanup() { podman --runtime runc rm -f "$name" >/dev/null 2>&1 || true; }
# The images are checked, not kept: each run would otherwise leave ~1.5 GB in podman's storage.
remove_images() {
  cleanup
  podman manifest rm "localhost/jinference/server-multiarch:$version" >/dev/null 2>&1 || true
  podman rmi -f "localhost/$image" "localhost/jinference/server-dockerfile:$version" "localhost/$image-arm64" \
    localhost/jinference/jre17-base:1 localhost/jinference/jre17-base-arm64:1 >/dev/null 2>&1 || true
  podman image prune -f >/dev/null 2>&1 || true
}
trap remove_images EXIT

check "localhost/$image"

echo "container: building the Dockerfile with podman on the same base"
podman load -q -i "$base" >/dev/null
podman build -q --format docker --isolation chroot --build-arg BASE_IMAGE=localhost/jinference/jre17-base:1 \
  -t "localhost/jinference/server-dockerfile:$version" -f "$root/Dockerfile" "$root" >/dev/null
check "localhost/jinference/server-dockerfile:$version"

echo "container: an arm64 image, and a manifest list of both"
arm_base="$work/jre17-base-arm64.tar"
if [ ! -s "$arm_base" ]; then
  rm -rf "$work/rootfs-arm64"
  # extract only: the packages' install scripts are arm64 programs this machine cannot run
  mmdebstrap --variant=extract --architectures=arm64 --include=openjdk-17-jre-headless,ca-certificates,libstdc++6,libva2,libva-drm2,libdrm2 \
    --format=directory bookworm "$work/rootfs-arm64" http://deb.debian.org/debian >"$work/mmdebstrap.log" 2>&1 \
    || { tail -20 "$work/mmdebstrap.log"; exit 1; }
  # what those scripts would have done: java on the PATH, and Java's CA keystore (the same bytes on every
  # architecture, so taken from the amd64 base made from the same release)
  ln -s ../lib/jvm/java-17-openjdk-arm64/bin/java "$work/rootfs-arm64/usr/bin/java"
  python3 - "$base" "$work/rootfs-arm64/etc/ssl/certs/java/cacerts" <<'PY'
import json, sys, tarfile
with tarfile.open(sys.argv[1]) as image:
    for layer in json.load(image.extractfile("manifest.json"))[0]["Layers"]:
        with tarfile.open(fileobj=image.extractfile(layer)) as t:
            for member in t.getmembers():
                if member.name.lstrip("./") == "etc/ssl/certs/java/cacerts":
                    open(sys.argv[2], "wb").write(t.extractfile(member).read())
                    sys.exit(0)
sys.exit("the amd64 base has no Java CA keystore")
PY
  tar -C "$work/rootfs-arm64" -c . | podman import -q --arch arm64 --os linux \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - localhost/jinference/jre17-base-arm64:1 >/dev/null
  podman save -q --format docker-archive -o "$arm_base" localhost/jinference/jre17-base-arm64:1
  rm -rf "$work/rootfs-arm64"
fi
(cd "$root" && ./mvnw -q -B -ntp -pl server -Pcontainer jib:buildTar -Dbase.tar="$arm_base" \
  -Djavacpp.platform=linux-arm64 -Djib.to.image="$image-arm64" \
  -Djib.outputPaths.tar="$root/server/target/jib-image-arm64.tar")
podman load -q -i "$root/server/target/jib-image-arm64.tar" >/dev/null
list="localhost/jinference/server-multiarch:$version"
podman manifest rm "$list" >/dev/null 2>&1 || true
podman manifest create "$list" >/dev/null
podman manifest add "$list" "containers-storage:localhost/$image" >/dev/null
podman manifest add "$list" "containers-storage:localhost/$image-arm64" >/dev/null
multi="$root/server/target/jinference-server-multiarch.oci.tar"
rm -f "$multi"
podman manifest push -q --all "$list" "oci-archive:$multi"
rm -rf "$work/arm64-check"
python3 "$root/deploy/container/check_multiarch.py" "$multi" \
  "$(podman image inspect --format '{{json .RootFS.Layers}}' "localhost/$image")" "$work/arm64-check"
python3 "$root/tools/platforms/check_natives.py" "$work/arm64-check/libs" linux-arm64
rm -rf "$work/arm64-check"
