#!/usr/bin/env bash
# Reproduces the tables of docs/benchmarks.md on this machine, REPEAT times (default 3) so that the ratios can be
# averaged: the in-process limit (the server's pipeline without HTTP) and the server over HTTP, raw and through our
# Java SDK, for intra-op threads 2 (the default on 2 cores) and 1, at 1, 2 and 4 clients, on one test photo; dynamic
# batching on and off on a model with a dynamic batch dimension; then the time from process start to the first
# inference answered, plain and with an AppCDS archive. Results (Roboflow's JSON format) in target/benchmarks/run<R>/,
# a summary with the target ratios in target/benchmarks/summary.txt, the chart of the last run in
# target/benchmarks/benchmarks.png. About 8 minutes a repeat on 2 cores.
source "$(dirname "$0")/common.sh"
# the batching model (YOLOv8n, dynamic batch dimension) in a store of its own
store="$out/store"
mkdir -p "$store"
cp -r server/src/test/resources/model-store/nudenet-yolov8n "$store/"
bench() { java -jar benchmark/target/jinference-benchmark.jar --images "$out/images" --warmup 60 "$@" 2>/dev/null | tail -1; }
port=9177
for r in $(seq 1 "${REPEAT:-3}"); do
  run="$out/run$r"
  mkdir -p "$run"
  for intra in 2 1; do
    for c in 1 2 4; do
      echo "run $r in-process intra=$intra clients=$c: $(INFERENCE_INTRA_OP_THREADS=$intra bench --in-process \
        --requests $((c * 150)) --clients $c --output "$run/in-process-intra$intra-c$c.json")"
    done
  done
  for intra in 2 1; do
    start_server INFERENCE_INTRA_OP_THREADS=$intra
    for c in 1 2 4; do
      echo "run $r http intra=$intra clients=$c: $(bench --url "http://127.0.0.1:$port" --requests $((c * 150)) \
        --clients $c --output "$run/http-intra$intra-c$c.json")"
      echo "run $r sdk intra=$intra clients=$c: $(bench --url "http://127.0.0.1:$port" --requests $((c * 150)) \
        --clients $c --sdk --output "$run/sdk-intra$intra-c$c.json")"
    done
    stop_server
  done
  for intra in 2 1; do
    for batch in 1 4; do
      start_server INFERENCE_INTRA_OP_THREADS=$intra INFERENCE_MAX_BATCH_SIZE=$batch MODEL_CACHE_DIR="$store" \
        OFFLINE_MODE=true
      echo "run $r batching yolov8n intra=$intra max-batch=$batch clients=4: $(bench --url "http://127.0.0.1:$port" \
        --model nudenet-yolov8n/1 --requests 300 --clients 4 --output "$run/batch-intra$intra-max$batch-c4.json")"
      curl -s "http://127.0.0.1:$port/metrics" | grep -E '^jinference_inference_(images|executions)_total' \
        >"$run/batch-intra$intra-max$batch-metrics.txt" || true
      stop_server
    done
  done
done
# cold start: process start to the first inference answered, plain and with an AppCDS archive of the classes
body="$out/request.json"
{ printf '{"model_id": "coco-nanodet/1", "image": {"type": "base64", "value": "'
  base64 -w0 "$out/images/darknet-dog.jpg"; printf '"}}'; } >"$body"
cold() { # java options...
  for i in 1 2 3; do
    start=$(date +%s.%N)
    PORT=$port java "$@" -jar server/target/jinference-server.jar >"$out/server.log" 2>&1 &
    pid=$!
    until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.01; done
    up=$(date +%s.%N)
    until curl -sf "http://127.0.0.1:$port/infer/object_detection" -H 'Content-Type: application/json' \
      -d @"$body" >/dev/null 2>&1; do sleep 0.01; done
    echo "cold start ${*:-plain}: listening after $(awk "BEGIN { printf \"%.2f\", $up - $start }") s, first" \
      "inference answered after $(awk "BEGIN { printf \"%.2f\", $(date +%s.%N) - $start }") s"
    stop_server
  done
}
cold | tee "$out/cold-start.txt"
rm -f "$out/app.jsa"
PORT=$port java -XX:ArchiveClassesAtExit="$out/app.jsa" -jar server/target/jinference-server.jar >"$out/server.log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.05; done
curl -sf "http://127.0.0.1:$port/infer/object_detection" -H 'Content-Type: application/json' -d @"$body" >/dev/null
stop_server
cold -XX:SharedArchiveFile="$out/app.jsa" | tee -a "$out/cold-start.txt"
python3 tools/benchmarks/summarise.py "$out" | tee "$out/summary.txt"
# the chart of docs/benchmarks.png, from the last run
java -cp benchmark/target/jinference-benchmark.jar io.jinference.benchmark.Chart "$out/run${REPEAT:-3}" \
  "$out/benchmarks.png"
echo "chart: $out/benchmarks.png"
