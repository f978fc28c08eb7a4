#!/usr/bin/env bash
# Builds the server's container image without a Docker daemon or a registry, then checks it for real: runs it with
# podman, waits for /readiness, runs one inference on a test photo, sends SIGTERM and checks a clean exit.
#   1. a JRE 17 base image made from Debian packages (debootstrap, then podman import/save), cached in
#      server/target/container/jre17-base.tar;
#   2. Jib (jib:buildTar, profile "container") layers the server on it: server/target/jib-image.tar;
#   3. podman loads and runs it (runc, and the ulimits these sandboxes allow; see ../../docs/deployment.md);
#   4. the repository's Dockerfile, built by podman on the same base (BASE_IMAGE), run and checked the same way.
# Needs the server packaged (./mvnw verify or package first) and root for apt-get, debootstrap and podman.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/server/target/container"
mkdir -p "$work"
export DEBIAN_FRONTEND=noninteractive
missing=()
for tool in debootstrap podman runc curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
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
  tar -C "$work/rootfs" -c . | podman import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - localhost/jinference/jre17-base:1 >/dev/null
  podman save --format docker-archive -o "$base" localhost/jinference/jre17-base:1
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
    -e PORT="$port" -e HOST=127.0.0.1 -e PRELOAD_MODELS=coco-nanodet/1 "$image" >/dev/null
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
  podman rmi -f "localhost/$image" "localhost/jinference/server-dockerfile:$version" \
    localhost/jinference/jre17-base:1 >/dev/null 2>&1 || true
  podman image prune -f >/dev/null 2>&1 || true
}
trap remove_images EXIT

check "localhost/$image"

echo "container: building the Dockerfile with podman on the same base"
podman load -q -i "$base" >/dev/null
podman build -q --format docker --isolation chroot --build-arg BASE_IMAGE=localhost/jinference/jre17-base:1 \
  -t "localhost/jinference/server-dockerfile:$version" -f "$root/Dockerfile" "$root" >/dev/null
check "localhost/jinference/server-dockerfile:$version"
