#!/usr/bin/env python3
"""Independent reference for the golden detections used by the server's end-to-end tests.

Runs the committed NanoDet ONNX with onnxruntime (Python) on photos and decodes with NumPy, following the
algorithms written in ../shared/reference (Roboflow's NMS, §7.3, and back-projection, §7.4) and NanoDet's
legacy GFL head (cell centre (col + 0.5) * stride, 11 distribution bins per side). It shares no code with the
Java server, so the Java decoder is checked against a second implementation rather than against itself.
It also draws the boxes (--draw DIR) so the goldens can be checked by eye.

    python tools/convert-nanodet/reference_detections.py --model MODEL.onnx --classes class_names.txt \
        --confidence 0.3 IMAGE...
"""
import argparse
import json
import os

import sys

import cv2
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
from roboflow_reference import back_project, nms, prediction  # noqa: E402

SIZE = 416
STRIDES = (8, 16, 32)
BINS = 11


def preprocess(img):
    x = cv2.resize(img.astype(np.float32), (SIZE, SIZE), interpolation=cv2.INTER_LINEAR)
    x = (x - np.array([103.53, 116.28, 123.675], np.float32)) / np.array([57.375, 57.12, 58.395], np.float32)
    return x.transpose(2, 0, 1)[None].astype(np.float32)


def decode(outputs):
    rows = []
    for i, stride in enumerate(STRIDES):
        cls = outputs["cls_%d" % stride][0]
        box = outputs["box_%d" % stride][0].reshape(-1, 4, BINS)
        side = SIZE // stride
        e = np.exp(box - box.max(axis=2, keepdims=True))
        dist = (e / e.sum(axis=2, keepdims=True) * np.arange(BINS)).sum(axis=2) * stride
        idx = np.arange(cls.shape[0])
        cx = (idx % side + 0.5) * stride
        cy = (idx // side + 0.5) * stride
        xyxy = np.stack([cx - dist[:, 0], cy - dist[:, 1], cx + dist[:, 2], cy + dist[:, 3]], axis=1)
        rows.append(np.concatenate([xyxy, cls.max(axis=1, keepdims=True), cls], axis=1))
    return np.concatenate(rows)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--classes", required=True)
    p.add_argument("--confidence", type=float, default=0.3)
    p.add_argument("--iou", type=float, default=0.3)
    p.add_argument("--draw")
    p.add_argument("images", nargs="+")
    a = p.parse_args()
    import onnxruntime as ort

    names = open(a.classes).read().splitlines()
    sess = ort.InferenceSession(a.model, providers=["CPUExecutionProvider"])
    result = {}
    for path in a.images:
        img = cv2.imread(path, cv2.IMREAD_COLOR)
        h, w = img.shape[:2]
        outs = dict(zip([o.name for o in sess.get_outputs()], sess.run(None, {"input": preprocess(img)})))
        dets = []
        for x1, y1, x2, y2, score, c in nms(decode(outs), a.confidence, a.iou, 300):
            bx1, by1, bx2, by2 = back_project((x1, y1, x2, y2), w, h, SIZE, SIZE, letterbox=False)
            dets.append(prediction((bx1, by1, bx2, by2), score, names[c], c))
            if a.draw:
                cv2.rectangle(img, (int(bx1), int(by1)), (int(bx2), int(by2)), (0, 0, 255), 2)
                cv2.putText(img, "%s %.2f" % (names[c], score), (int(bx1), int(by1) + 14),
                            cv2.FONT_HERSHEY_SIMPLEX, 0.5, (255, 255, 255), 1)
        if a.draw:
            os.makedirs(a.draw, exist_ok=True)
            cv2.imwrite(os.path.join(a.draw, os.path.basename(path) + ".png"), img)
        result[os.path.basename(path)] = {"width": w, "height": h, "predictions": dets}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
