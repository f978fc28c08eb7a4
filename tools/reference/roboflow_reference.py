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


def crop_dims(w, h, crop):
    """Roboflow's get_static_crop_dimensions: rounded offsets and sizes (crop in percent, or None)."""
    if crop is None:
        return 0, 0, w, h
    x_min, y_min, x_max, y_max = crop
    return (round(x_min / 100 * w), round(y_min / 100 * h), round(w * (x_max - x_min) / 100),
            round(h * (y_max - y_min) / 100))


def back_project(box, orig_w, orig_h, in_w, in_h, letterbox, crop=None):
    """Input-pixel box to original pixels: scale (stretch or letterbox), clip, round half to even, add crop shift."""
    cx, cy, orig_w, orig_h = crop_dims(orig_w, orig_h, crop)
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
    c = lambda v, m, shift: float(np.round(np.clip(v, 0, m))) + shift
    return c(x1, orig_w, cx), c(y1, orig_h, cy), c(x2, orig_w, cx), c(y2, orig_h, cy)


def back_project_point(x, y, orig_w, orig_h, in_w, in_h, letterbox, crop=None):
    """Keypoints: scaled, clipped and shifted like boxes, not rounded."""
    cx, cy, w0, h0 = crop_dims(orig_w, orig_h, crop)
    if letterbox:
        s = min(in_h / h0, in_w / w0)
        x, y = (x - (in_w - round(w0 * s)) / 2) / s, (y - (in_h - round(h0 * s)) / 2) / s
    else:
        x, y = x * w0 / in_w, y * h0 / in_h
    return float(np.clip(x, 0, w0)) + cx, float(np.clip(y, 0, h0)) + cy


def mask_polygon(coeffs, protos, box, in_w, in_h, orig_w, orig_h, letterbox, mode="accurate", t=0.0):
    """Roboflow's mask -> polygon: sigmoid(coeffs @ protos), cut the prototype padding, resize bilinearly to the
    mode's resolution, keep the box (x1 <= c < x2), threshold 0.5, largest external contour, back-project with
    integer-truncated letterbox sizes (no clipping)."""
    import cv2
    k, mh, mw = protos.shape
    m = 1 / (1 + np.exp(-(coeffs @ protos.reshape(k, -1)).reshape(mh, mw)))
    gain = min(mh / in_h, mw / in_w)
    padw, padh = (mw - in_w * gain) / 2, (mh - in_h * gain) / 2
    m = m[int(padh):int(mh - padh), int(padw):int(mw - padw)]
    if mode == "fast":
        tw, th = mw, mh
    elif mode == "tradeoff":
        tw, th = int(mw * (1 - t) + in_w * t), int(mh * (1 - t) + in_h * t)
    else:
        tw, th = in_w, in_h
    m = cv2.resize(m.astype(np.float32), (tw, th), interpolation=cv2.INTER_LINEAR)
    x1, y1, x2, y2 = box[0] * tw / in_w, box[1] * th / in_h, box[2] * tw / in_w, box[3] * th / in_h
    cols, rows = np.arange(tw)[None, :], np.arange(th)[:, None]
    inside = (cols >= x1) & (cols < x2) & (rows >= y1) & (rows < y2)
    binary = ((m > 0.5) & inside).astype(np.uint8)
    contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return []
    pts = max(contours, key=len).reshape(-1, 2).astype(np.float64)
    if letterbox:
        s = min(th / orig_h, tw / orig_w)
        pts[:, 0] = (pts[:, 0] - (tw - int(orig_w * s)) / 2) / s
        pts[:, 1] = (pts[:, 1] - (th - int(orig_h * s)) / 2) / s
    else:
        pts[:, 0] *= orig_w / tw
        pts[:, 1] *= orig_h / th
    return [[float(x), float(y)] for x, y in pts]


def prediction(box, confidence, name, class_id):
    x1, y1, x2, y2 = box
    return {"x": (x1 + x2) / 2, "y": (y1 + y2) / 2, "width": x2 - x1, "height": y2 - y1,
            "confidence": round(confidence, 4), "class": name, "class_id": class_id}
