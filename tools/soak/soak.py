#!/usr/bin/env python3
"""Soak test (not CI): the server at saturation for DURATION seconds with a mix of valid and hostile requests.

Every answer must be a 200 or a 4xx (429 included); nothing else. The server's resident memory is sampled every
SAMPLE seconds; the summary compares the first and last minute of samples and fits a trend line. Standard library
only. Targets a server already running (the URL) whose process id is given, so that its memory can be read.

    python3 tools/soak/soak.py --url http://127.0.0.1:9001 --pid 1234 --duration 600 --clients 8
"""
import argparse
import base64
import json
import os
import random
import struct
import threading
import time
import urllib.error
import urllib.request
import zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PHOTO = os.path.join(ROOT, "server", "src", "test", "resources", "images", "darknet-dog.jpg")
MODEL = "coco-nanodet/1"


def png(width, height, raw_bytes):
    """An RGB PNG whose image data inflates to raw_bytes zero bytes (more than its rows need: a deflate bomb)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    z = zlib.compressobj(9)
    block = bytes(1 << 20)
    idat = b"".join(z.compress(block) for _ in range(raw_bytes >> 20)) + z.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def many_scans(jpeg):
    """The photo's frame marked progressive, followed by 5,000 scan headers: refused for its scan count."""
    sof = jpeg.index(b"\xff\xc0")
    scan = b"\xff\xda\x00\x08\x01\x01\x00\x00\x00\x00"
    return jpeg[:sof] + b"\xff\xc2" + jpeg[sof + 2:-2] + scan * 5000 + b"\xff\xd9"


def requests_mix():
    photo = open(PHOTO, "rb").read()
    b64 = base64.b64encode(photo).decode()

    def detect(image):
        return ("/infer/object_detection", {"model_id": MODEL, "image": image})

    def workflow(steps, outputs, inputs, values):
        return ("/workflows/run", {"specification": {"version": "1.0", "inputs": inputs, "steps": steps,
                                                     "outputs": outputs}, "inputs": values})

    img_input = [{"type": "WorkflowImage", "name": "image"}]
    valid = [
        detect({"type": "base64", "value": b64}),
        ("/" + MODEL + "?confidence=30", b64.encode()),
        workflow([{"type": "ObjectDetectionModel", "name": "det", "images": "$inputs.image", "model_id": MODEL},
                  {"type": "roboflow_core/bounding_box_visualization@v1", "name": "viz", "image": "$inputs.image",
                   "predictions": "$steps.det.predictions"}],
                 [{"type": "JsonField", "name": "det", "selector": "$steps.det.predictions"}], img_input,
                 {"image": {"type": "base64", "value": b64}}),
    ]
    grow = [{"type": "ObjectDetectionModel", "name": "det", "images": "$inputs.image", "model_id": MODEL,
             "confidence": 0.01},
            {"type": "roboflow_core/detection_offset@v1", "name": "grown", "predictions": "$steps.det.predictions",
             "offset_width": 5000, "offset_height": 5000}]
    hostile = [
        detect({"type": "base64", "value": base64.b64encode(png(64, 64, 64 << 20)).decode()}),
        detect({"type": "base64", "value": base64.b64encode(png(7000, 7000, 1 << 20)).decode()}),
        detect({"type": "base64", "value": base64.b64encode(many_scans(photo)).decode()}),
        detect({"type": "base64", "value": "not base64 at all!"}),
        detect({"type": "url", "value": "https://169.254.169.254/latest/meta-data"}),
        detect({"type": "file", "value": "/etc/passwd"}),
        ("/infer/object_detection", {"model_id": "coco-nanodet/99999999999999999999999",
                                     "image": {"type": "base64", "value": b64}}),
        workflow(grow + [{"type": "roboflow_core/dynamic_crop@v1", "name": "crops", "images": "$inputs.image",
                          "predictions": "$steps.grown.predictions"}],
                 [{"type": "JsonField", "name": "c", "selector": "$steps.crops.crops"}], img_input,
                 {"image": {"type": "base64", "value": b64}}),
        workflow([{"type": "PropertyDefinition", "name": "m", "data": "$inputs.t",
                   "operations": [{"type": "StringMatches", "regex": "(a|b)*c"}]}],
                 [{"type": "JsonField", "name": "m", "selector": "$steps.m.output"}],
                 [{"type": "WorkflowParameter", "name": "t"}], {"t": "ab" * 100000}),
        workflow([{"type": "PropertyDefinition", "name": "p", "data": "$inputs.n",
                   "operations": [{"type": "Multiply", "other": int("1" + "0" * 400)}]}],
                 [{"type": "JsonField", "name": "p", "selector": "$steps.p.output"}],
                 [{"type": "WorkflowParameter", "name": "n"}], {"n": int("1" + "0" * 400)}),
        ("/infer/object_detection", b"{" * 100000),
    ]
    return valid, hostile


def send(url, path, body, timeout):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    kind = "application/x-www-form-urlencoded" if isinstance(body, bytes) and not body.startswith(b"{") \
        else "application/json"
    req = urllib.request.Request(url + path, data=data, headers={"Content-Type": kind}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        e.read()
        return e.code
    except Exception as e:  # a connection error or a time-out is a failure of the server
        return type(e).__name__


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default="http://127.0.0.1:9001")
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--duration", type=float, default=600)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--hostile-share", type=float, default=0.3)
    p.add_argument("--sample", type=float, default=5)
    p.add_argument("--out", default=os.path.join(ROOT, "target", "soak.json"))
    a = p.parse_args()
    valid, hostile = requests_mix()
    counts, lock = {}, threading.Lock()
    latencies = []
    stop = time.time() + a.duration

    def client(seed):
        rnd = random.Random(seed)
        while time.time() < stop:
            is_hostile = rnd.random() < a.hostile_share
            path, body = rnd.choice(hostile if is_hostile else valid)
            t0 = time.time()
            status = send(a.url, path, body, timeout=120)
            with lock:
                key = ("hostile " if is_hostile else "valid ") + str(status)
                counts[key] = counts.get(key, 0) + 1
                if not is_hostile and status == 200:
                    latencies.append(time.time() - t0)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(a.clients)]
    started = time.time()
    for t in threads:
        t.start()
    samples = []
    while time.time() < stop:
        samples.append((time.time() - started, rss_mb(a.pid)))
        time.sleep(a.sample)
    for t in threads:
        t.join(timeout=150)
    samples.append((time.time() - started, rss_mb(a.pid)))
    bad = {k: v for k, v in counts.items()
           if not (k.endswith(" 200") or (k.split()[-1].isdigit() and 400 <= int(k.split()[-1]) < 500))}
    window = max(1, int(60 / a.sample))
    first = [m for _, m in samples[:window]]
    last = [m for _, m in samples[-window:]]
    n = len(samples)
    mx, my = sum(t for t, _ in samples) / n, sum(m for _, m in samples) / n
    slope = sum((t - mx) * (m - my) for t, m in samples) / max(1e-9, sum((t - mx) ** 2 for t, _ in samples))
    latencies.sort()
    summary = {
        "duration_s": round(time.time() - started, 1), "clients": a.clients, "hostile_share": a.hostile_share,
        "answers": dict(sorted(counts.items())), "unexpected": bad,
        "valid_p50_ms": round(1000 * latencies[len(latencies) // 2], 1) if latencies else None,
        "valid_p99_ms": round(1000 * latencies[int(len(latencies) * 0.99)], 1) if latencies else None,
        "rss_first_minute_mb": round(sum(first) / len(first), 1),
        "rss_last_minute_mb": round(sum(last) / len(last), 1),
        "rss_min_mb": round(min(m for _, m in samples), 1), "rss_max_mb": round(max(m for _, m in samples), 1),
        "rss_trend_mb_per_minute": round(slope * 60, 2),
    }
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump({"summary": summary, "rss_samples": samples}, f, indent=1)
    print(json.dumps(summary, indent=1))
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()
