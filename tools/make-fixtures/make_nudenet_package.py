#!/usr/bin/env python3
"""Packages the real YOLOv8n ONNX shipped in the PyPI wheel `nudenet==3.4.2` (320n.onnx, MIT per the wheel's
metadata; 18 classes of nudity-detection labels, two of them faces) as a test model in Roboflow's layout, and
records what the independent reference (onnxruntime + NumPy NMS, tools/reference) finds on two portraits, so the
server's YOLOv8 decoder is checked on real weights, not only on fixtures.

    pip download --no-deps nudenet==3.4.2 -d /tmp/nude && unzip -o /tmp/nude/nudenet-*.whl -d /tmp/nude
    python tools/make-fixtures/make_nudenet_package.py /tmp/nude/nudenet/320n.onnx server/src/test/resources/model-store
"""
import json
import os
import shutil
import sys

import cv2
import numpy as np
import onnxruntime as ort

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
from roboflow_reference import back_project, nms, prediction  # noqa: E402

LABELS = ["FEMALE_GENITALIA_COVERED", "FACE_FEMALE", "BUTTOCKS_EXPOSED", "FEMALE_BREAST_EXPOSED",
          "FEMALE_GENITALIA_EXPOSED", "MALE_BREAST_EXPOSED", "ANUS_EXPOSED", "FEET_EXPOSED", "BELLY_COVERED",
          "FEET_COVERED", "ARMPITS_COVERED", "ARMPITS_EXPOSED", "FACE_MALE", "BELLY_EXPOSED",
          "MALE_GENITALIA_EXPOSED", "ANUS_COVERED", "FEMALE_BREAST_COVERED", "BUTTOCKS_COVERED"]
PHOTOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "server", "src", "test", "resources",
                      "images")


def main():
    onnx_path, root = sys.argv[1], sys.argv[2]
    d = os.path.join(root, "nudenet-yolov8n", "1")
    os.makedirs(d, exist_ok=True)
    shutil.copy(onnx_path, os.path.join(d, "weights.onnx"))
    with open(os.path.join(d, "class_names.txt"), "w") as f:
        f.write("\n".join(LABELS) + "\n")
    with open(os.path.join(d, "environment.json"), "w") as f:
        json.dump({"PREPROCESSING": {"resize": {"enabled": True, "width": 320, "height": 320,
                                                "format": "Stretch to"}}}, f)
    with open(os.path.join(d, "model_type.json"), "w") as f:
        json.dump({"project_task_type": "object-detection", "model_type": "yolov8n", "model_id": "nudenet-yolov8n/1"}, f)
    session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    expected = {}
    for photo in ("skimage-astronaut.png", "matplotlib-grace_hopper.jpg"):
        img = cv2.imread(os.path.join(PHOTOS, photo), cv2.IMREAD_COLOR)
        h, w = img.shape[:2]
        x = cv2.resize(img.astype(np.float32), (320, 320), interpolation=cv2.INTER_LINEAR)[:, :, ::-1] / 255.0
        out = session.run(None, {session.get_inputs()[0].name: x.transpose(2, 0, 1)[None].astype(np.float32)})[0][0]
        t = out.T  # [N, 4 + C]
        rows = np.concatenate([t[:, 0:1] - t[:, 2:3] / 2, t[:, 1:2] - t[:, 3:4] / 2, t[:, 0:1] + t[:, 2:3] / 2,
                               t[:, 1:2] + t[:, 3:4] / 2, t[:, 4:].max(axis=1, keepdims=True), t[:, 4:]], axis=1)
        expected[photo] = [prediction(back_project(r[:4], w, h, 320, 320, False), r[4], LABELS[r[5]], r[5])
                           for r in nms(rows, 0.4, 0.3, 300)]
        print(photo, [(p["class"], p["confidence"]) for p in expected[photo]])
    with open(os.path.join(root, "nudenet-expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main()
