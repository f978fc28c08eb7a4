#!/usr/bin/env bash
# Checks the server's distribution as a user meets it: unpacks server/target/jinference-server-<version>.tar.gz,
# starts bin/jinference-server, runs one real inference, stops it with SIGTERM, and checks that the first start
# recorded the class-data archive and that a second start uses it (and still answers). Needs `package` first.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
dist=$(ls server/target/jinference-server-*.tar.gz | head -1)
work=$(mktemp -d)
trap 'pkill -TERM -f "$work/.*/jinference-server.jar" 2>/dev/null || true; rm -rf "$work"' EXIT
tar xzf "$dist" -C "$work"
home=$(ls -d "$work"/jinference-server-*)
body="$work/request.json"
{ printf '{"model_id": "coco-nanodet/1", "confidence": 0.3, "image": {"type": "base64", "value": "'
  base64 -w0 server/src/test/resources/images/darknet-dog.jpg; printf '"}}'; } >"$body"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run() { # label [JAVA_OPTS]
  PORT=$port MODEL_CACHE_DIR="$work/cache" JAVA_OPTS="${2:-}" "$home/bin/jinference-server" >"$work/$1.log" 2>&1 &
  local pid=$! started
  started=$(date +%s.%N)
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$work/$1.log"; echo "distribution: the server exited" >&2; exit 1; }
    sleep 0.05
  done
  curl -sf "http://127.0.0.1:$port/infer/object_detection" -H 'Content-Type: application/json' -d @"$body" \
    >"$work/answer.json"
  python3 -c 'import json,sys; c={p["class"] for p in json.load(open(sys.argv[1]))["predictions"]}; assert {"dog","bicycle","truck"} <= c, c' \
    "$work/answer.json"
  echo "distribution: $1: first answer after $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $started }") s"
  kill -TERM "$pid"
  wait "$pid" || true
}
run "first start"
test -s "$home/var/jinference-server.jsa" || { echo "distribution: no class-data archive after the first start" >&2; exit 1; }
# -Xshare:on: the JVM refuses to start if it cannot map the archive, so an answer proves the archive is used
run "second start (class-data archive)" -Xshare:on
echo "distribution: bin/jinference-server works; its class-data archive is $(du -h "$home/var/jinference-server.jsa" | cut -f1)"
