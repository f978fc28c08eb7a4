#!/usr/bin/env bash
# Measures the server against ONNX Runtime alone on the same model in the same run (issue #18), REPEAT times
# (default 3) so that the ratios can be averaged, and prints each target's ratio with met/missed:
#   - ONNX Runtime alone on the default model's ONNX file (random input, one shared session): N concurrent runs of
#     1 intra-op thread at 1, 2, 4 and 8 callers, and runs of 2 intra-op threads at 1 and 2 callers: the best of these
#     is the throughput limit; at one caller, 2 threads with ONNX Runtime's defaults (idle threads spin) and with
#     spinning off (as the server runs it), in blocks alternating with the server's own one-client blocks;
#   - the server's own pipeline in this JVM without HTTP (in-process), 1 caller: the cost of everything but HTTP;
#   - the server jar with its defaults over HTTP at 1, 4 and 8 clients, raw and (1 and 4 clients) through our SDK;
#   - with BATCHING=1, dynamic batching on and off on a model with a dynamic batch dimension;
#   - the time from process start to the first inference answered: plain java -jar, and with an AppCDS class-data
#     archive (-XX:SharedArchiveFile, made by one earlier run), each three times.
# Results (Roboflow's JSON format) in target/benchmarks/run<R>/, the summary with the targets' ratios in
# target/benchmarks/summary.txt. About 6 minutes a repeat on 2 cores. The memory target: tools/benchmarks/memory.sh.
source "$(dirname "$0")/common.sh"
rm -rf "$out"/run[0-9]* # summarise.py averages every run folder: none may be left from an earlier, longer run
onnx=server/src/main/resources/models/coco-nanodet/1/weights.onnx
bench() { java -jar benchmark/target/jinference-benchmark.jar --images "$out/images" --warmup 60 "$@" 2>/dev/null | tail -1; }
port=9177
for r in $(seq 1 "${REPEAT:-3}"); do
  run="$out/run$r"
  mkdir -p "$run"
  # the limits: ONNX Runtime alone, N runs of 1 thread and one or two runs of 2 threads
  for c in 1 2 4 8; do
    echo "run $r onnx-alone intra=1 clients=$c: $(bench --onnx-alone "$onnx" --intra-op 1 --requests $((c * 100)) \
      --clients $c --output "$run/onnx-intra1-c$c.json")"
  done
  for c in 1 2; do
    echo "run $r onnx-alone intra=2 clients=$c: $(bench --onnx-alone "$onnx" --intra-op 2 --requests $((c * 100)) \
      --clients $c --output "$run/onnx-intra2-c$c.json")"
  done
  echo "run $r in-process defaults clients=1: $(bench --in-process --requests 150 \
    --output "$run/in-process-defaults-c1.json")"
  start_server
  # a server runs warm: 1,000 requests first, so that the JIT has compiled the request path before anything is
  # timed (after 60 warm-up requests alone the one-client p50 still fell by 4 ms over the next 300)
  bench --url "http://127.0.0.1:$port" --requests 1000 --clients 2 >/dev/null
  # one client: ONNX Runtime alone (2 threads; idle threads spinning, ONNX Runtime's default, and not, as the
  # server runs it) and the server, in alternating blocks, so that the machine's drift (runs of one configuration
  # differ by up to 20% here within minutes) falls on both sides of each difference
  for b in 1 2 3 4 5; do
    for spinning in on off; do
      echo "run $r block $b onnx-alone intra=2 spinning=$spinning clients=1: $(bench --onnx-alone "$onnx" \
        --intra-op 2 --ort-spinning $spinning --requests 60 --output "$run/onnx-intra2-spin$spinning-c1-b$b.json")"
    done
    echo "run $r block $b http defaults clients=1: $(bench --url "http://127.0.0.1:$port" --requests 60 \
      --output "$run/http-defaults-c1-b$b.json")"
  done
  for c in 1 4 8; do
    echo "run $r http defaults clients=$c: $(bench --url "http://127.0.0.1:$port" --requests $((c * 100 + 50)) \
      --clients $c --output "$run/http-defaults-c$c.json")"
  done
  for c in 1 4; do
    echo "run $r sdk defaults clients=$c: $(bench --url "http://127.0.0.1:$port" --requests $((c * 100 + 50)) \
      --clients $c --sdk --output "$run/sdk-defaults-c$c.json")"
  done
  curl -s "http://127.0.0.1:$port/metrics" | grep -E '^jinference_inference_(run|queue)_seconds_(sum|count)' \
    >"$run/http-metrics.txt" || true
  stop_server
  if [[ "${BATCHING:-0}" == 1 ]]; then
    store="$out/store"
    mkdir -p "$store"
    cp -r server/src/test/resources/model-store/nudenet-yolov8n "$store/"
    for batch in 1 4; do
      start_server INFERENCE_MAX_BATCH_SIZE=$batch MODEL_CACHE_DIR="$store" OFFLINE_MODE=true
      echo "run $r batching yolov8n max-batch=$batch clients=4: $(bench --url "http://127.0.0.1:$port" \
        --model nudenet-yolov8n/1 --requests 300 --clients 4 --output "$run/batch-max$batch-c4.json")"
      curl -s "http://127.0.0.1:$port/metrics" | grep -E '^jinference_inference_(images|executions)_total' \
        >"$run/batch-max$batch-metrics.txt" || true
      stop_server
    done
  fi
done
# cold start: process start to the first inference answered
body="$out/request.json"
{ printf '{"model_id": "coco-nanodet/1", "image": {"type": "base64", "value": "'
  base64 -w0 "$out/images/darknet-dog.jpg"; printf '"}}'; } >"$body"
cold() { # label, command...
  local label=$1
  shift
  for i in 1 2 3; do
    start=$(date +%s.%N)
    PORT=$port "$@" >"$server_log" 2>&1 &
    pid=$!
    until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.01; done
    up=$(date +%s.%N)
    until curl -sf "http://127.0.0.1:$port/infer/object_detection" -H 'Content-Type: application/json' \
      -d @"$body" >/dev/null 2>&1; do sleep 0.01; done
    echo "cold start $label: listening after $(awk "BEGIN { printf \"%.2f\", $up - $start }") s, first" \
      "inference answered after $(awk "BEGIN { printf \"%.2f\", $(date +%s.%N) - $start }") s"
    stop_server
  done
}
cold "java -jar" java -jar server/target/jinference-server.jar | tee "$out/cold-start.txt"
# the class-data archive, made as the start script makes it, then used
rm -f "$out/app.jsa"
PORT=$port java -XX:ArchiveClassesAtExit="$out/app.jsa" -jar server/target/jinference-server.jar >"$server_log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.05; done
curl -sf "http://127.0.0.1:$port/infer/object_detection" -H 'Content-Type: application/json' -d @"$body" >/dev/null
stop_server
cold "class-data archive" java -XX:SharedArchiveFile="$out/app.jsa" -jar server/target/jinference-server.jar | tee -a "$out/cold-start.txt"
python3 tools/benchmarks/summarise.py "$out" | tee "$out/summary.txt"
# the chart of docs/benchmarks.png, from the last run
java -cp benchmark/target/jinference-benchmark.jar io.jinference.benchmark.Chart "$out/run${REPEAT:-3}" \
  "$out/benchmarks.png"
echo "chart: $out/benchmarks.png"
