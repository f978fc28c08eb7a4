"""Inference pipelines measured (issue #15): frames per second on a 640x480 30 fps file with the default model,
and end-to-end latency on a live 30 fps MJPEG stream, against ONNX Runtime alone on the same model (measured by
pipelines.sh in the same run). Runs with the compatibility suite's virtual environment (OpenCV writes the video).
Usage: pipelines.py SERVER_URL WORK_DIR REPEAT"""
import http.server
import json
import statistics
import sys
import threading
import time
from datetime import datetime

import cv2
import requests

url, work, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
photo = cv2.resize(cv2.imread("server/src/test/resources/images/darknet-dog.jpg"), (640, 480))
video = f"{work}/dog-640x480-30fps.mp4"
FRAMES = 300
writer = cv2.VideoWriter(video, cv2.VideoWriter_fourcc(*"mp4v"), 30, (640, 480))
for i in range(FRAMES):
    frame = photo.copy()
    cv2.putText(frame, str(i), (20, 460), cv2.FONT_HERSHEY_SIMPLEX, 1, (255, 255, 255), 2)  # frames differ
    writer.write(frame)
writer.release()
SPEC = {"version": "1.0", "inputs": [{"type": "WorkflowImage", "name": "image"}],
        "steps": [{"type": "roboflow_core/roboflow_object_detection_model@v2", "name": "det",
                   "images": "$inputs.image", "model_id": "coco-nanodet/1"}],
        "outputs": [{"type": "JsonField", "name": "predictions", "selector": "$steps.det.predictions"}]}


def start(reference, video_extra):
    body = {"video_configuration": {"type": "VideoConfiguration", "video_reference": reference, **video_extra},
            "processing_configuration": {"type": "WorkflowConfiguration", "workflow_specification": SPEC},
            "sink_configuration": {"type": "MemorySinkConfiguration", "results_buffer_size": 1024}}
    r = requests.post(f"{url}/inference_pipelines/initialise", json=body, timeout=30)
    r.raise_for_status()
    return r.json()["context"]["pipeline_id"]


def status(pid):
    return requests.get(f"{url}/inference_pipelines/{pid}/status", timeout=10).json()["report"]


def terminate(pid):
    requests.post(f"{url}/inference_pipelines/{pid}/terminate", json={}, timeout=30)


results = {"file_fps": [], "live": []}
for _ in range(repeat):
    t0 = time.monotonic()
    pid = start(video, {"source_buffer_filling_strategy": "WAIT", "source_buffer_consumption_strategy": "LAZY"})
    while status(pid)["state"] != "FINISHED":
        time.sleep(0.05)
    elapsed = time.monotonic() - t0
    report = status(pid)
    assert report["frames_processed"] == FRAMES, report["frames_processed"]
    results["file_fps"].append(FRAMES / elapsed)
    print(f"file: {FRAMES} frames in {elapsed:.1f} s: {FRAMES / elapsed:.1f} frames/s", flush=True)
    terminate(pid)

# live: an MJPEG camera stand-in at 30 fps; the time each frame was sent, by its number on the connection
jpeg = cv2.imencode(".jpg", photo)[1].tobytes()
sent = {}
stop = threading.Event()


class Camera(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "multipart/x-mixed-replace;boundary=frame")
        self.end_headers()
        n, t = 0, time.time()
        try:
            while not stop.is_set():
                n += 1
                sent[n] = time.time()
                self.wfile.write(b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n" % len(jpeg))
                self.wfile.write(jpeg + b"\r\n")
                self.wfile.flush()
                t += 1 / 30
                time.sleep(max(0, t - time.time()))
        except OSError:
            pass

    def log_message(self, *args):
        pass


camera = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Camera)
threading.Thread(target=camera.serve_forever, daemon=True).start()
for _ in range(repeat):
    sent.clear()
    pid = start(f"http://127.0.0.1:{camera.server_address[1]}/stream.mjpg", {})  # Roboflow's defaults
    latencies, t_end = [], time.monotonic() + 20
    while time.monotonic() < t_end:
        c = requests.get(f"{url}/inference_pipelines/{pid}/consume", timeout=10).json()
        now = time.time()
        for meta in c["frames_metadata"]:
            if meta["frame_id"] in sent and time.monotonic() < t_end - 0.5 and time.monotonic() > t_end - 17:
                latencies.append((now - sent[meta["frame_id"]]) * 1000)
        if not c["outputs"]:
            time.sleep(0.005)
    report = status(pid)
    terminate(pid)
    read, done = report["frames_read"], report["frames_processed"]
    p50 = statistics.median(latencies)
    p95 = sorted(latencies)[int(len(latencies) * 0.95)]
    results["live"].append({"p50_ms": p50, "p95_ms": p95, "read": read, "processed": done,
                            "processed_fps": report["inference_throughput"],
                            "server_e2e_ms": report["latency_reports"][0]["e2e_latency"] * 1000})
    print(f"live: read {read}, processed {done} ({report['inference_throughput']:.1f}/s), sent-to-consumed "
          f"latency p50 {p50:.0f} ms, p95 {p95:.0f} ms, server's own e2e {report['latency_reports'][0]['e2e_latency'] * 1000:.0f} ms",
          flush=True)
stop.set()
camera.shutdown()
json.dump(results, open(f"{work}/pipelines.json", "w"), indent=1)
