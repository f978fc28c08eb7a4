#!/usr/bin/env bash
# Reproduces the tables of docs/benchmarks.md on this machine: the in-process limit (the server's pipeline without
# HTTP) and the server over HTTP, for intra-op threads 2 (the default on 2 cores) and 1, at 1, 2 and 4 clients, on
# one test photo; then the time from process start to the first inference answered. Results (Roboflow's JSON
# format) and a chart in target/benchmarks/. Takes about 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -ntp -pl benchmark -am package -DskipTests
out=target/benchmarks
mkdir -p "$out" "$out/images"
cp server/src/test/resources/images/darknet-dog.jpg "$out/images/"
bench() { java -jar benchmark/target/jinference-benchmark.jar --images "$out/images" --warmup 20 "$@" 2>/dev/null | tail -1; }
for intra in 2 1; do
  for c in 1 2; do
    echo "in-process intra=$intra clients=$c: $(INFERENCE_INTRA_OP_THREADS=$intra bench --in-process \
      --requests $((c * 200)) --clients $c --output "$out/in-process-intra$intra-c$c.json")"
  done
done
port=9177
for intra in 2 1; do
  INFERENCE_INTRA_OP_THREADS=$intra PORT=$port java -jar server/target/jinference-server.jar >"$out/server.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/readiness" >/dev/null; do sleep 0.2; done
  for c in 1 2 4; do
    echo "http intra=$intra clients=$c: $(bench --url "http://127.0.0.1:$port" --requests $((c * 150)) --clients $c \
      --output "$out/http-intra$intra-c$c.json")"
  done
  kill "$pid"; wait "$pid" || true
done
# cold start: process start to the first inference answered
body="$out/request.json"
{ printf '{"model_id": "coco-nanodet/1", "image": {"type": "base64", "value": "'
  base64 -w0 "$out/images/darknet-dog.jpg"; printf '"}}'; } >"$body"
for i in 1 2 3; do
  start=$(date +%s.%N)
  PORT=$port java -jar server/target/jinference-server.jar >"$out/server.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/infer/object_detection" -H 'Content-Type: application/json' \
    -d @"$body" >/dev/null 2>&1; do sleep 0.02; done
  echo "cold start to first inference: $(awk "BEGIN { printf \"%.2f\", $(date +%s.%N) - $start }") s"
  kill "$pid"; wait "$pid" || true
done
# the chart of docs/benchmarks.png
java -cp benchmark/target/jinference-benchmark.jar io.jinference.benchmark.Chart "$out" "$out/benchmarks.png"
echo "chart: $out/benchmarks.png"
