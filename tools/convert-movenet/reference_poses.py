#!/usr/bin/env python3
"""Golden poses for the server's tests: MoveNet multi-pose (ONNX, onnxruntime in Python) on photos letterboxed to
256x256 with black edges, decoded and projected back with the independent reference (tools/reference).

    python tools/convert-movenet/reference_poses.py MODEL.onnx KEYPOINT_NAMES_JSON IMAGE... > golden.json
"""
import json
import os
import sys

import cv2
import numpy as np
import onnxruntime as ort

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
from roboflow_reference import back_project, back_project_point, prediction  # noqa: E402

S = 256


def letterbox(img):
    h, w = img.shape[:2]
    r = w / h
    nw, nh = (S, int(S / r)) if r >= 1 else (int(S * r), S)
    small = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR)
    top, left = (S - nh) // 2, (S - nw) // 2
    return cv2.copyMakeBorder(small, top, S - nh - top, left, S - nw - left, cv2.BORDER_CONSTANT, value=(0, 0, 0))


def main():
    session = ort.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])
    names = json.load(open(sys.argv[2]))[0]["keypoints"]
    out = {}
    for path in sys.argv[3:]:
        img = cv2.imread(path, cv2.IMREAD_COLOR)
        h, w = img.shape[:2]
        x = letterbox(img)[:, :, ::-1].astype(np.int32)[None]
        people = session.run(None, {"input": x})[0][0]
        preds = []
        for p in sorted(people, key=lambda p: -p[55]):
            if p[55] <= 0.3:
                continue
            ymin, xmin, ymax, xmax = p[51:55] * S
            d = prediction(back_project((xmin, ymin, xmax, ymax), w, h, S, S, True), float(p[55]), "person", 0)
            d["keypoints"] = []
            for k in range(17):
                kx, ky = back_project_point(p[3 * k + 1] * S, p[3 * k] * S, w, h, S, S, True)
                d["keypoints"].append({"x": kx, "y": ky, "confidence": float(p[3 * k + 2]), "class_id": k,
                                       "class": names[str(k)]})
            preds.append(d)
        out[os.path.basename(path)] = {"width": w, "height": h, "predictions": preds}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
