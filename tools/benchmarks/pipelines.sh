#!/usr/bin/env bash
# Inference pipelines measured (issue #15), REPEAT times (default 3): ONNX Runtime alone on the default model (the
# limit: 2 runs of 1 intra-op thread, and 1 run of 2 threads), then the server jar with its defaults running a
# detection workflow on every frame of a 640x480 30 fps file (WAIT/LAZY: nothing dropped) and on a live 30 fps MJPEG
# stream served on loopback (Roboflow's default strategies), with the latency from a frame's sending to its result
# being consumed. About 3 minutes a repeat. Results in target/benchmarks/pipelines/.
source "$(dirname "$0")/common.sh"
onnx=server/src/main/resources/models/coco-nanodet/1/weights.onnx
work="$(pwd)/$out/pipelines"
mkdir -p "$work"
bench() { java -jar benchmark/target/jinference-benchmark.jar --images "$out/images" --warmup 60 "$@" 2>/dev/null | tail -1; }
for r in $(seq 1 "${REPEAT:-3}"); do
  echo "onnx-alone intra=1 clients=2: $(bench --onnx-alone "$onnx" --intra-op 1 --clients 2 --requests 300)"
  echo "onnx-alone intra=2 clients=1: $(bench --onnx-alone "$onnx" --intra-op 2 --clients 1 --requests 150)"
done
. compat/venv.sh
ensure_venv compat/python
port=9178
start_server ALLOW_LOADING_IMAGES_FROM_LOCAL_FILESYSTEM=true LOCAL_IMAGE_ROOTS="$work" \
  ALLOW_NON_HTTPS_URL_INPUT=true ALLOW_URL_INPUT_WITHOUT_FQDN=true ALLOW_URL_TO_NON_GLOBAL_ADDRESSES=true
trap stop_server EXIT
compat/python/.venv/bin/python tools/benchmarks/pipelines.py "http://127.0.0.1:$port" "$work" "${REPEAT:-3}"
