#!/usr/bin/env python3
"""Builds the YOLOv8-layout test fixture: a small ONNX model with Ultralytics YOLOv8's exact I/O
(`images` f32[1,3,320,320] -> `output0` f32[1, 4+C, N], rows cx, cy, w, h, class scores) and designed candidates,
plus the results Roboflow's post-processing must give for a 768x576 photo, computed by the independent NumPy
reference in tools/reference.

The candidates exercise per-class NMS (a duplicate box of the same class), class-agnostic NMS (the same box in
another class), the confidence threshold (a 0.35 candidate), clipping (a box past the right edge), and both
back-projections (stretch and letterbox). The output is `K + 0 * mean(images)`, so the graph runs a real
reduction over the input in ONNX Runtime while its detections stay fixed and known.

    python tools/make-fixtures/make_yolov8_fixture.py server/src/test/resources/model-store
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
from roboflow_reference import back_project, nms, prediction  # noqa: E402

SIZE = 320
CLASSES = ["cat", "dog", "car"]
# cx, cy, w, h (input pixels), class id, score
CANDIDATES = [
    (100, 100, 80, 80, 1, 0.90),   # dog
    (104, 102, 80, 80, 1, 0.80),   # same dog again: suppressed by per-class NMS
    (102, 100, 80, 80, 0, 0.70),   # same place, class cat: kept per class, suppressed class-agnostic
    (250, 200, 60, 100, 2, 0.60),  # car
    (40, 280, 30, 30, 0, 0.35),    # cat below the default 0.4 threshold
    (300, 20, 100, 50, 2, 0.50),   # car running past the right edge: clipped
]
ORIGINAL = (768, 576)  # darknet-dog.jpg


def output_tensor():
    k = np.full((1, 4 + len(CLASSES), len(CANDIDATES)), 0.01, dtype=np.float32)
    for n, (cx, cy, w, h, c, s) in enumerate(CANDIDATES):
        k[0, 0:4, n] = (cx, cy, w, h)
        k[0, 4 + c, n] = s
    return k


def build_model(k):
    images = helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, SIZE, SIZE])
    output = helper.make_tensor_value_info("output0", TensorProto.FLOAT, list(k.shape))
    nodes = [
        helper.make_node("ReduceMean", ["images"], ["mean"], keepdims=0),
        helper.make_node("Mul", ["mean", "zero"], ["nothing"]),
        helper.make_node("Add", ["candidates", "nothing"], ["output0"]),
    ]
    graph = helper.make_graph(nodes, "yolov8_layout_fixture", [images], [output],
                              initializer=[numpy_helper.from_array(k, "candidates"),
                                           numpy_helper.from_array(np.array(0, dtype=np.float32), "zero")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="jinference tools/make-fixtures")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def expected(k, letterbox, confidence, class_agnostic):
    t = k[0].T  # [N, 4+C]
    rows = np.concatenate([t[:, 0:1] - t[:, 2:3] / 2, t[:, 1:2] - t[:, 3:4] / 2,
                           t[:, 0:1] + t[:, 2:3] / 2, t[:, 1:2] + t[:, 3:4] / 2,
                           t[:, 4:].max(axis=1, keepdims=True), t[:, 4:]], axis=1)
    out = []
    for x1, y1, x2, y2, score, c in nms(rows, confidence, 0.3, 300, class_agnostic):
        box = back_project((x1, y1, x2, y2), ORIGINAL[0], ORIGINAL[1], SIZE, SIZE, letterbox)
        out.append(prediction(box, score, CLASSES[c], c))
    return out


def write_package(root, name, resize_format, model_bytes):
    d = os.path.join(root, name, "1")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "weights.onnx"), "wb") as f:
        f.write(model_bytes)
    with open(os.path.join(d, "class_names.txt"), "w") as f:
        f.write("\n".join(CLASSES) + "\n")
    with open(os.path.join(d, "environment.json"), "w") as f:
        json.dump({"PREPROCESSING": {"auto-orient": {"enabled": True},
                                     "resize": {"enabled": True, "width": SIZE, "height": SIZE,
                                                "format": resize_format}}}, f, indent=1)
    with open(os.path.join(d, "model_type.json"), "w") as f:
        json.dump({"project_task_type": "object-detection", "model_type": "yolov8n",
                   "model_id": name + "/1"}, f)


def main():
    root = sys.argv[1]
    k = output_tensor()
    model_bytes = build_model(k).SerializeToString()
    write_package(root, "yolov8-fixture", "Stretch to", model_bytes)
    write_package(root, "yolov8-fixture-letterbox", "Fit (black edges) in", model_bytes)
    cases = {
        "stretch_default": expected(k, False, 0.4, False),
        "stretch_confidence_0.3": expected(k, False, 0.3, False),
        "stretch_class_agnostic": expected(k, False, 0.4, True),
        "letterbox_default": expected(k, True, 0.4, False),
    }
    with open(os.path.join(root, "yolov8-fixture-expected.json"), "w") as f:
        json.dump({"image": "darknet-dog.jpg", "width": ORIGINAL[0], "height": ORIGINAL[1], "cases": cases}, f,
                  indent=1)
    for name, preds in cases.items():
        print(name, [(p["class"], p["x"], p["y"], p["width"], p["height"]) for p in preds])


if __name__ == "__main__":
    main()
