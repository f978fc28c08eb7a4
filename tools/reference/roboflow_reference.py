"""An independent NumPy implementation of Roboflow's detection post-processing, used only to produce the
expected values that the Java tests compare against (../shared/reference/roboflow-inference-api.md §7.3, §7.4).
It shares no code with the server."""
import numpy as np


def nms_fast(boxes, thresh):
    """Malisiewicz NMS: overlap = intersection / area of the *other* box, with the +1 pixel convention."""
    if len(boxes) == 0:
        return []
    x1, y1, x2, y2 = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    area = (x2 - x1 + 1) * (y2 - y1 + 1)
    idxs = np.argsort(boxes[:, 4], kind="stable")
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


def nms(rows, conf, iou, max_det, class_agnostic=False):
    """rows: [x1, y1, x2, y2, confidence, class scores...]; returns (x1, y1, x2, y2, confidence, class_id)."""
    rows = rows[rows[:, 4] >= conf]
    cls_id = rows[:, 5:].argmax(axis=1)
    groups = [np.arange(len(rows))] if class_agnostic else [np.where(cls_id == c)[0] for c in np.unique(cls_id)]
    out = []
    for g in groups:
        sel = rows[g]
        order = np.argsort(-sel[:, 4], kind="stable")
        sel, ids = sel[order], cls_id[g][order]
        for k in nms_fast(sel, iou):
            out.append((sel[k, 0], sel[k, 1], sel[k, 2], sel[k, 3], float(sel[k, 4]), int(ids[k])))
    out.sort(key=lambda r: -r[4])
    return out[:max_det]


def back_project(box, orig_w, orig_h, in_w, in_h, letterbox):
    """Input-pixel box to original pixels: scale (stretch or letterbox), clip, round half to even."""
    x1, y1, x2, y2 = box
    if letterbox:
        s = min(in_h / orig_h, in_w / orig_w)
        pad_x = (in_w - round(orig_w * s)) / 2
        pad_y = (in_h - round(orig_h * s)) / 2
        x1, x2 = (x1 - pad_x) / s, (x2 - pad_x) / s
        y1, y2 = (y1 - pad_y) / s, (y2 - pad_y) / s
    else:
        x1, x2 = x1 * orig_w / in_w, x2 * orig_w / in_w
        y1, y2 = y1 * orig_h / in_h, y2 * orig_h / in_h
    c = lambda v, m: float(np.round(np.clip(v, 0, m)))
    return c(x1, orig_w), c(y1, orig_h), c(x2, orig_w), c(y2, orig_h)


def prediction(box, confidence, name, class_id):
    x1, y1, x2, y2 = box
    return {"x": (x1 + x2) / 2, "y": (y1 + y2) / 2, "width": x2 - x1, "height": y2 - y1,
            "confidence": round(confidence, 4), "class": name, "class_id": class_id}
