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

import cv2
import numpy as np

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


def nms_fast(boxes, thresh):
    """Malisiewicz NMS, overlap = intersection / area of the other box, +1 pixel convention."""
    if len(boxes) == 0:
        return []
    x1, y1, x2, y2 = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    area = (x2 - x1 + 1) * (y2 - y1 + 1)
    idxs = np.argsort(boxes[:, 4])
    pick = []
    while len(idxs) > 0:
        last = len(idxs) - 1
        i = idxs[last]
        pick.append(i)
        xx1 = np.maximum(x1[i], x1[idxs[:last]])
        yy1 = np.maximum(y1[i], y1[idxs[:last]])
        xx2 = np.minimum(x2[i], x2[idxs[:last]])
        yy2 = np.minimum(y2[i], y2[idxs[:last]])
        w = np.maximum(0, xx2 - xx1 + 1)
        h = np.maximum(0, yy2 - yy1 + 1)
        overlap = (w * h) / area[idxs[:last]]
        idxs = np.delete(idxs, np.concatenate(([last], np.where(overlap > thresh)[0])))
    return pick


def nms(rows, conf, iou, max_det):
    rows = rows[rows[:, 4] >= conf]
    cls_id = rows[:, 5:].argmax(axis=1)
    out = []
    for c in np.unique(cls_id):
        sel = rows[cls_id == c]
        sel = sel[np.argsort(-sel[:, 4], kind="stable")]
        for k in nms_fast(sel, iou):
            out.append((sel[k, 0], sel[k, 1], sel[k, 2], sel[k, 3], sel[k, 4], int(c)))
    out.sort(key=lambda r: -r[4])
    return out[:max_det]


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
            # Stretch back-projection, clip, round to integers (reference §7.4).
            bx1 = np.round(np.clip(x1 * w / SIZE, 0, w)); bx2 = np.round(np.clip(x2 * w / SIZE, 0, w))
            by1 = np.round(np.clip(y1 * h / SIZE, 0, h)); by2 = np.round(np.clip(y2 * h / SIZE, 0, h))
            dets.append({"class": names[c], "confidence": round(float(score), 4),
                         "x": float((bx1 + bx2) / 2), "y": float((by1 + by2) / 2),
                         "width": float(bx2 - bx1), "height": float(by2 - by1)})
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
