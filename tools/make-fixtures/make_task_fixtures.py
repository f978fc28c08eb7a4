#!/usr/bin/env python3
"""Builds one small ONNX fixture per output layout and task the server decodes, with Roboflow's exact tensor
layouts, plus the results Roboflow's post-processing must give, computed by the independent NumPy/OpenCV
reference in tools/reference (never by the server's code).

Detector fixtures output designed constants plus 0 * mean(input), so ONNX Runtime runs a real graph over the
real input while the candidates stay known. Classifier fixtures depend on the image: their logits are
10 x the per-channel mean of the normalised input, so different photos give different classes.

    python tools/make-fixtures/make_task_fixtures.py server/src/test/resources/model-store
"""
import json
import os
import sys

import cv2
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
from roboflow_reference import back_project, back_project_point, mask_polygon, nms, prediction  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PHOTOS = os.path.join(HERE, "..", "..", "server", "src", "test", "resources", "images")
SIZE = 320
ORIG = (768, 576)  # darknet-dog.jpg
CLASSES = ["cat", "dog", "car"]


def constant_model(name, outputs, input_size=SIZE):
    """outputs: list of (name, array). Each output = array + 0 * mean(images)."""
    images = helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, input_size, input_size])
    nodes = [helper.make_node("ReduceMean", ["images"], ["mean"], keepdims=0),
             helper.make_node("Mul", ["mean", "zero"], ["nothing"])]
    inits = [numpy_helper.from_array(np.array(0, dtype=np.float32), "zero")]
    outs = []
    for out_name, arr in outputs:
        inits.append(numpy_helper.from_array(arr.astype(np.float32), out_name + "_k"))
        nodes.append(helper.make_node("Add", [out_name + "_k", "nothing"], [out_name]))
        outs.append(helper.make_tensor_value_info(out_name, TensorProto.FLOAT, list(arr.shape)))
    return finish(helper.make_graph(nodes, name, [images], outs, initializer=inits))


def finish(graph):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="jinference tools/make-fixtures")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def write(root, name, task, model_type, model_bytes, classes, resize="Stretch to", size=SIZE, weights="weights.onnx",
          extra_env=None, keypoints=None):
    d = os.path.join(root, name, "1")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, weights), "wb") as f:
        f.write(model_bytes)
    with open(os.path.join(d, "class_names.txt"), "w") as f:
        f.write("\n".join(classes) + "\n")
    env = {"PREPROCESSING": {"auto-orient": {"enabled": True},
                             "resize": {"enabled": True, "width": size, "height": size, "format": resize}}}
    env.update(extra_env or {})
    with open(os.path.join(d, "environment.json"), "w") as f:
        json.dump(env, f, indent=1)
    with open(os.path.join(d, "model_type.json"), "w") as f:
        json.dump({"project_task_type": task, "model_type": model_type, "model_id": name + "/1"}, f)
    if keypoints:
        with open(os.path.join(d, "keypoints_metadata.json"), "w") as f:
            json.dump(keypoints, f)


def detections(rows, names, conf=0.4, iou=0.3, max_det=300, nms_free=False, strict=False):
    """rows: [x1, y1, x2, y2, conf, class scores...] or, NMS-free, (x1, y1, x2, y2, conf, class)."""
    if nms_free:
        kept = [r for r in rows if (r[4] > conf if strict else r[4] >= conf)][:max_det]
        kept.sort(key=lambda r: -r[4])
    else:
        kept = nms(np.array(rows, dtype=np.float64), conf, iou, max_det)
    out = []
    for x1, y1, x2, y2, score, c in kept:
        box = back_project((x1, y1, x2, y2), ORIG[0], ORIG[1], SIZE, SIZE, False)
        out.append(prediction(box, float(score), names[int(c)], int(c)))
    return out


def yolov5(root, expected):
    # cx, cy, w, h, objectness, class scores: the confidence is the objectness, not the class score
    cands = [(100, 100, 80, 80, 0.90, [0.1, 0.6, 0.1]), (250, 200, 60, 100, 0.50, [0.2, 0.1, 0.95]),
             (40, 280, 30, 30, 0.30, [0.9, 0.0, 0.0])]
    k = np.zeros((1, len(cands), 5 + len(CLASSES)), dtype=np.float32)
    rows = []
    for n, (cx, cy, w, h, obj, scores) in enumerate(cands):
        k[0, n] = [cx, cy, w, h, obj] + scores
        rows.append([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, obj] + scores)
    write(root, "yolov5-fixture", "object-detection", "yolov5v2s", constant_model("yolov5", [("output0", k)]),
          CLASSES, weights="yolov5s_weights.onnx")
    expected["yolov5-fixture/1"] = detections(rows, CLASSES)


def yolov10(root, expected):
    rows = [(50, 50, 150, 150, 0.95, 1), (60, 60, 140, 140, 0.90, 1), (200, 200, 300, 260, 0.40, 2),
            (10, 200, 90, 300, 0.41, 0)]
    k = np.array([rows], dtype=np.float32)
    write(root, "yolov10-fixture", "object-detection", "yolov10n", constant_model("yolov10", [("output0", k)]), CLASSES)
    # NMS-free: the overlapping pair both stay; 0.40 is not > 0.4
    expected["yolov10-fixture/1"] = detections(rows, CLASSES, nms_free=True, strict=True)


def yolonas(root, expected):
    boxes = np.array([[[60, 60, 140, 140], [64, 62, 144, 142], [200, 150, 280, 250]]], dtype=np.float32)
    scores = np.array([[[0.05, 0.85, 0.05], [0.05, 0.75, 0.05], [0.02, 0.03, 0.66]]], dtype=np.float32)
    write(root, "yolonas-fixture", "object-detection", "yolo_nas_s",
          constant_model("yolonas", [("boxes", boxes), ("scores", scores)]), CLASSES)
    rows = [list(b) + [float(s.max())] + list(s) for b, s in zip(boxes[0], scores[0])]
    expected["yolonas-fixture/1"] = detections(rows, CLASSES)


def rfdetr(root, expected):
    names = ["background_class83422"] + CLASSES
    # normalised cx, cy, w, h per query; logits per (query, label) with label 0 the background
    boxes = np.array([[[0.3, 0.3, 0.2, 0.2], [0.7, 0.6, 0.25, 0.3], [0.5, 0.5, 0.9, 0.9], [0.1, 0.9, 0.1, 0.1]]],
                     dtype=np.float32)
    logits = np.full((1, 4, 4), -6.0, dtype=np.float32)
    logits[0, 0, 2] = 3.0    # query 0: dog
    logits[0, 1, 3] = 1.0    # query 1: car
    logits[0, 2, 0] = 5.0    # query 2: background only -> dropped
    logits[0, 3, 1] = -0.2   # query 3: cat, sigmoid 0.45
    write(root, "rfdetr-fixture", "object-detection", "rfdetr-nano",
          constant_model("rfdetr", [("dets", boxes), ("labels", logits)]), names)
    scores = 1 / (1 + np.exp(-logits[0].astype(np.float64)))
    flat = [(scores[q, c], q, c) for q in range(4) for c in range(4)]
    flat.sort(key=lambda t: -t[0])
    out = []
    for s, q, c in flat[:300]:
        if s <= 0.4 or c == 0:
            continue
        cx, cy, w, h = boxes[0, q] * SIZE
        box = back_project((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), ORIG[0], ORIG[1], SIZE, SIZE, False)
        out.append(prediction(box, float(s), CLASSES[c - 1], c - 1))
    expected["rfdetr-fixture/1"] = out


def segmentation(root, expected):
    mh = mw = SIZE // 4
    protos = np.full((32, mh, mw), -8.0, dtype=np.float32)
    protos[0, 20:40, 15:35] = 8.0                           # a rectangle for the dog
    yy, xx = np.mgrid[0:mh, 0:mw]
    protos[1][(yy - 52) ** 2 + (xx - 60) ** 2 <= 10 ** 2] = 8.0  # a disc for the car
    coeffs = [np.eye(32, dtype=np.float32)[0], np.eye(32, dtype=np.float32)[1]]
    cands = [(100, 120, 100, 100, 1, 0.9), (240, 208, 90, 90, 2, 0.8)]
    out0 = np.full((1, 4 + len(CLASSES) + 32, len(cands)), 0.01, dtype=np.float32)
    for n, (cx, cy, w, h, c, s) in enumerate(cands):
        out0[0, 0:4, n] = (cx, cy, w, h)
        out0[0, 4 + c, n] = s
        out0[0, 4 + len(CLASSES):, n] = coeffs[n]
    write(root, "yolov8-seg-fixture", "instance-segmentation", "yolov8n-seg",
          constant_model("yolov8seg", [("output0", out0), ("output1", protos[None])]), CLASSES)
    for mode, t in (("accurate", 0.0), ("fast", 0.0), ("tradeoff", 0.5)):
        preds = []
        for n, (cx, cy, w, h, c, s) in enumerate(cands):
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            p = prediction(back_project(box, ORIG[0], ORIG[1], SIZE, SIZE, False), s, CLASSES[c], c)
            p["points"] = mask_polygon(coeffs[n], protos, box, SIZE, SIZE, ORIG[0], ORIG[1], False, mode, t)
            preds.append(p)
        preds.sort(key=lambda p: -p["confidence"])
        expected["yolov8-seg-fixture/1 " + mode] = preds


def pose(root, expected):
    names = ["nose", "left_eye", "right_eye"]
    cands = [(160, 160, 100, 200, 0.9, [(150, 100, 0.9), (140, 90, 0.8), (170, 90, 0.2)])]
    out = np.full((1, 4 + 1 + 3 * len(names), len(cands)), 0.0, dtype=np.float32)
    for n, (cx, cy, w, h, s, kps) in enumerate(cands):
        out[0, 0:5, n] = (cx, cy, w, h, s)
        for j, (x, y, kc) in enumerate(kps):
            out[0, 5 + 3 * j:8 + 3 * j, n] = (x, y, kc)
    meta = [{"object_class_id": 0, "keypoints": {str(i): nm for i, nm in enumerate(names)}}]
    write(root, "yolov8-pose-fixture", "keypoint-detection", "yolov8n-pose",
          constant_model("yolov8pose", [("output0", out)]), ["person"], keypoints=meta)
    for threshold in (0.0, 0.5):
        preds = []
        for cx, cy, w, h, s, kps in cands:
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            p = prediction(back_project(box, ORIG[0], ORIG[1], SIZE, SIZE, False), s, "person", 0)
            p["keypoints"] = []
            for j, (x, y, kc) in enumerate(kps):
                if kc >= threshold:
                    px, py = back_project_point(x, y, ORIG[0], ORIG[1], SIZE, SIZE, False)
                    p["keypoints"].append({"x": px, "y": py, "confidence": kc, "class_id": j, "class": names[j]})
            preds.append(p)
        expected["yolov8-pose-fixture/1 keypoint_confidence=%s" % threshold] = preds


def classifier_model(multilabel):
    size = 224
    images = helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, size, size])
    out = helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3])
    nodes = [helper.make_node("ReduceMean", ["images"], ["mean"], axes=[2, 3], keepdims=0),
             helper.make_node("Mul", ["mean", "ten"], ["logits" if multilabel else "output"])]
    if multilabel:
        nodes.append(helper.make_node("Sigmoid", ["logits"], ["output"]))
    return finish(helper.make_graph(nodes, "classifier", [images], [out],
                                    initializer=[numpy_helper.from_array(np.array(10, dtype=np.float32), "ten")]))


def classification(root, expected):
    names = ["red", "green", "blue"]
    write(root, "vit-fixture", "classification", "vit", classifier_model(False), names, size=224)
    write(root, "multilabel-fixture", "classification", "vit", classifier_model(True), names, size=224,
          extra_env={"MULTICLASS": True})
    for photo in ("darknet-dog.jpg", "skimage-coffee.png", "darknet-giraffe.jpg"):
        img = cv2.imread(os.path.join(PHOTOS, photo), cv2.IMREAD_COLOR)
        x = cv2.resize(img.astype(np.float32), (224, 224), interpolation=cv2.INTER_LINEAR)
        x = (x[:, :, ::-1] - 127.5) / 127.5  # RGB, ViT normalisation
        logits = 10 * x.reshape(-1, 3).mean(axis=0)
        e = np.exp(logits - logits.max())
        p = e / e.sum()
        single = sorted([{"class": names[i], "class_id": i, "confidence": round(float(p[i]), 4)}
                         for i in range(3) if p[i] >= 0.4], key=lambda d: -d["confidence"])
        expected["vit-fixture/1 " + photo] = {"predictions": single, "top": single[0]["class"] if single else "",
                                              "confidence": single[0]["confidence"] if single else 0.0}
        probs = 1 / (1 + np.exp(-logits))
        expected["multilabel-fixture/1 " + photo] = {
            "predictions": {names[i]: {"confidence": float(probs[i]), "class_id": i} for i in range(3)},
            "predicted_classes": [names[i] for i in range(3) if probs[i] > 0.4]}


def cropped(root, expected):
    """The YOLOv8 layout behind a static crop (10..90 % x 20..80 %) and a grey letterbox."""
    crop = (10, 20, 90, 80)
    cands = [(100, 100, 80, 80, 1, 0.9), (250, 200, 60, 100, 2, 0.6)]
    k = np.full((1, 4 + len(CLASSES), len(cands)), 0.01, dtype=np.float32)
    for n, (cx, cy, w, h, c, sc) in enumerate(cands):
        k[0, 0:4, n] = (cx, cy, w, h)
        k[0, 4 + c, n] = sc
    write(root, "crop-fixture", "object-detection", "yolov8n", constant_model("crop", [("output0", k)]), CLASSES,
          resize="Fit (grey edges) in",
          extra_env={"PREPROCESSING": {"auto-orient": {"enabled": True},
                                       "static-crop": {"enabled": True, "x_min": crop[0], "y_min": crop[1],
                                                       "x_max": crop[2], "y_max": crop[3]},
                                       "resize": {"enabled": True, "width": SIZE, "height": SIZE,
                                                  "format": "Fit (grey edges) in"}}})
    for name, use_crop in (("crop-fixture/1", True), ("crop-fixture/1 disable_preproc_static_crop", False)):
        preds = []
        for cx, cy, w, h, c, sc in cands:
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            preds.append(prediction(back_project(box, ORIG[0], ORIG[1], SIZE, SIZE, True, crop if use_crop else None),
                                    sc, CLASSES[c], c))
        expected[name] = preds


def dynamic(root, expected):
    """Dynamic batch and spatial dimensions: resize to 300x300, padded to 320x320 for the network."""
    cands = [(100, 100, 80, 80, 1, 0.9), (250, 200, 60, 100, 2, 0.6)]
    k = np.full((1, 4 + len(CLASSES), len(cands)), 0.01, dtype=np.float32)
    for n, (cx, cy, w, h, c, sc) in enumerate(cands):
        k[0, 0:4, n] = (cx, cy, w, h)
        k[0, 4 + c, n] = sc
    images = helper.make_tensor_value_info("images", TensorProto.FLOAT, ["batch", 3, "height", "width"])
    out = helper.make_tensor_value_info("output0", TensorProto.FLOAT, ["batch", 4 + len(CLASSES), len(cands)])
    nodes = [helper.make_node("ReduceMean", ["images"], ["mean"], axes=[1, 2, 3], keepdims=1),  # [B,1,1,1]
             helper.make_node("Squeeze", ["mean", "axis3"], ["per_image"]),                   # [B,1,1]
             helper.make_node("Mul", ["per_image", "zero"], ["nothing"]),
             helper.make_node("Add", ["k", "nothing"], ["output0"])]
    model = finish(helper.make_graph(nodes, "dynamic", [images], [out], initializer=[
        numpy_helper.from_array(k, "k"), numpy_helper.from_array(np.array(0, dtype=np.float32), "zero"),
        numpy_helper.from_array(np.array([3], dtype=np.int64), "axis3")]))
    write(root, "dynamic-fixture", "object-detection", "yolov8n", model, CLASSES, size=300)
    preds = []
    for cx, cy, w, h, c, sc in cands:
        box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        preds.append(prediction(back_project(box, ORIG[0], ORIG[1], 300, 300, False), sc, CLASSES[c], c))
    expected["dynamic-fixture/1"] = preds


def yolov5_segmentation(root, expected):
    mh = mw = SIZE // 4
    protos = np.full((32, mh, mw), -8.0, dtype=np.float32)
    protos[3, 20:40, 15:35] = 8.0
    coeff = np.eye(32, dtype=np.float32)[3]
    cx, cy, w, h, c, obj = 100, 120, 100, 100, 1, 0.85
    out0 = np.zeros((1, 1, 5 + len(CLASSES) + 32), dtype=np.float32)
    out0[0, 0, :5] = (cx, cy, w, h, obj)
    out0[0, 0, 5 + c] = 0.7
    out0[0, 0, 5 + len(CLASSES):] = coeff
    write(root, "yolov5-seg-fixture", "instance-segmentation", "yolov5-seg",
          constant_model("yolov5seg", [("output0", out0), ("output1", protos[None])]), CLASSES)
    box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    p = prediction(back_project(box, ORIG[0], ORIG[1], SIZE, SIZE, False), obj, CLASSES[c], c)
    p["points"] = mask_polygon(coeff, protos, box, SIZE, SIZE, ORIG[0], ORIG[1], False)
    expected["yolov5-seg-fixture/1"] = [p]


def resnet(root, expected):
    names = ["red", "green", "blue"]
    write(root, "resnet-fixture", "classification", "resnet18", classifier_model(False), names, size=224)
    mean = np.array([0.485, 0.456, 0.406]) * 255
    std = np.array([0.229, 0.224, 0.225]) * 255
    for photo in ("darknet-dog.jpg", "skimage-coffee.png"):
        img = cv2.imread(os.path.join(PHOTOS, photo), cv2.IMREAD_COLOR)
        x = cv2.resize(img.astype(np.float32), (224, 224), interpolation=cv2.INTER_LINEAR)[:, :, ::-1]
        logits = 10 * ((x - mean) / std).reshape(-1, 3).mean(axis=0)
        e = np.exp(logits - logits.max())
        p = e / e.sum()
        top = int(p.argmax())
        expected["resnet-fixture/1 " + photo] = {"top": names[top], "confidence": round(float(p[top]), 4)}


def main():
    root = sys.argv[1]
    expected = {}
    cropped(root, expected)
    dynamic(root, expected)
    yolov5_segmentation(root, expected)
    resnet(root, expected)
    yolov5(root, expected)
    yolov10(root, expected)
    yolonas(root, expected)
    rfdetr(root, expected)
    segmentation(root, expected)
    pose(root, expected)
    classification(root, expected)
    with open(os.path.join(root, "task-fixtures-expected.json"), "w") as f:
        json.dump({"image": "darknet-dog.jpg", "width": ORIG[0], "height": ORIG[1], "cases": expected}, f, indent=1)
    for k, v in expected.items():
        print(k, json.dumps(v)[:160])


if __name__ == "__main__":
    main()
