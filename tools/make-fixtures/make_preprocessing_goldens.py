#!/usr/bin/env python3
"""Golden input tensors for Roboflow's PREPROCESSING steps on real photos, computed with OpenCV and NumPy the way
Roboflow's server does (reference §7.1), and an EXIF-rotated copy of a photo.

Writes server/src/test/resources/golden/preprocessing/<case>.f32 (float32, NCHW, RGB / 255) and cases.json
(each case's PREPROCESSING block and size), and images/darknet-dog-exif6.jpg (pixels turned a quarter
counter-clockwise, EXIF orientation 6 so viewers turn it back upright).

    python tools/make-fixtures/make_preprocessing_goldens.py
"""
import io
import json
import os

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "..", "server", "src", "test", "resources")
W, H = 64, 48

CASES = {
    "static-crop": ("darknet-dog.jpg", {"static-crop": {"enabled": True, "x_min": 10, "y_min": 20, "x_max": 90,
                                                       "y_max": 80},
                                        "resize": {"enabled": True, "width": W, "height": H, "format": "Stretch to"}}),
    "letterbox-white": ("darknet-kite.jpg", {"resize": {"enabled": True, "width": W, "height": W,
                                                        "format": "Fit (white edges) in"}}),
    "letterbox-grey-tall": ("darknet-giraffe.jpg", {"resize": {"enabled": True, "width": W, "height": H,
                                                               "format": "Fit (grey edges) in"}}),
    "histogram-equalization": ("darknet-horses.jpg", {
        "contrast": {"enabled": True, "type": "Histogram Equalization"},
        "resize": {"enabled": True, "width": W, "height": H, "format": "Stretch to"}}),
    "adaptive-equalization": ("darknet-horses.jpg", {
        "contrast": {"enabled": True, "type": "Adaptive Equalization"},
        "resize": {"enabled": True, "width": W, "height": H, "format": "Stretch to"}}),
    "contrast-stretching": ("skimage-coffee.png", {
        "contrast": {"enabled": True, "type": "Contrast Stretching"},
        "resize": {"enabled": True, "width": W, "height": H, "format": "Stretch to"}}),
    "grayscale": ("darknet-person.jpg", {"grayscale": {"enabled": True},
                                         "resize": {"enabled": True, "width": W, "height": H,
                                                    "format": "Stretch to"}}),
}


def preprocess(img, pre):
    h, w = img.shape[:2]
    c = pre.get("static-crop")
    if c and c["enabled"]:
        img = img[int(c["y_min"] / 100 * h):int(c["y_max"] / 100 * h), int(c["x_min"] / 100 * w):int(c["x_max"] / 100 * w)]
    c = pre.get("contrast")
    if c and c["enabled"]:
        if c["type"] == "Contrast Stretching":
            p2, p98 = np.percentile(img, (2, 98))  # skimage.exposure.rescale_intensity(in_range=(p2, p98))
            img = (np.clip((np.clip(img, p2, p98) - p2) / (p98 - p2), 0, 1) * 255).astype(np.uint8)
        else:
            gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
            if c["type"] == "Histogram Equalization":
                gray = cv2.equalizeHist(gray)
            else:
                gray = cv2.createCLAHE(clipLimit=0.03, tileGridSize=(8, 8)).apply(gray)
            img = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    if pre.get("grayscale", {}).get("enabled"):
        img = cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    r = pre["resize"]
    tw, th = r["width"], r["height"]
    if r["format"] == "Stretch to":
        out = cv2.resize(img.astype(np.float32), (tw, th), interpolation=cv2.INTER_LINEAR)
    else:
        pad = {"Fit (white edges) in": 255, "Fit (grey edges) in": 114}.get(r["format"], 0)
        ih, iw = img.shape[:2]
        ratio, target = iw / ih, tw / th
        nw, nh = (tw, int(tw / ratio)) if ratio >= target else (int(th * ratio), th)
        small = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR)
        top, left = (th - nh) // 2, (tw - nw) // 2
        out = cv2.copyMakeBorder(small, top, th - nh - top, left, tw - nw - left, cv2.BORDER_CONSTANT,
                                 value=(pad, pad, pad)).astype(np.float32)
    return (out[:, :, ::-1] / 255.0).transpose(2, 0, 1).astype(np.float32)


def exif_rotated(src, dst):
    from PIL import Image
    img = Image.open(src)
    turned = img.rotate(90, expand=True)  # counter-clockwise; orientation 6 tells viewers to turn it clockwise
    exif = Image.Exif()
    exif[0x0112] = 6
    buf = io.BytesIO()
    turned.save(buf, format="JPEG", quality=95, exif=exif.tobytes())
    with open(dst, "wb") as f:
        f.write(buf.getvalue())


def main():
    out_dir = os.path.join(RES, "golden", "preprocessing")
    os.makedirs(out_dir, exist_ok=True)
    index = {}
    for name, (photo, pre) in CASES.items():
        img = cv2.imread(os.path.join(RES, "images", photo), cv2.IMREAD_COLOR)
        tensor = preprocess(img, pre)
        tensor.tofile(os.path.join(out_dir, name + ".f32"))
        index[name] = {"photo": photo, "preprocessing": pre, "shape": list(tensor.shape)}
        print(name, tensor.shape, float(tensor.mean()))
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump(index, f, indent=1)
    exif_rotated(os.path.join(RES, "images", "darknet-dog.jpg"), os.path.join(RES, "images", "darknet-dog-exif6.jpg"))


if __name__ == "__main__":
    main()
