"""Roboflow's own Python client (inference-sdk, pinned in requirements.txt) and the raw `requests` snippets of
Roboflow's HTTP API documentation, unchanged, against the real jinference server. Expected detections are the
golden values the Java tests use (computed by an independent NumPy reference), and the Java SDK's own results for
the same calls (written by the sdk-examples tests) must agree with the Python client's."""
import asyncio
import base64
import json
import os

import cv2
import pytest
import requests
from inference_sdk import InferenceConfiguration, InferenceHTTPClient

from conftest import EXCHANGES, IMAGES, ROOT, WORKFLOWS, photo

MODEL = "coco-nanodet/1"
GOLDEN = json.load(open(os.path.join(ROOT, "server", "src", "test", "resources", "golden", "nanodet-detections.json")))
JAVA_RESULTS = os.path.join(ROOT, "sdk-examples", "target", "compat", "java-sdk-results.json")
LOW = InferenceConfiguration(confidence_threshold=0.3)


def boxes(predictions, min_confidence=0.31):
    return sorted((p["class"], round(p["x"]), round(p["y"]), round(p["width"]), round(p["height"]))
                  for p in predictions if p["confidence"] >= min_confidence)


def assert_golden(result, name):
    golden = GOLDEN[name]
    assert result["image"] == {"width": golden["width"], "height": golden["height"]}
    expected = boxes(golden["predictions"])
    actual = boxes(result["predictions"])
    assert len(actual) == len(expected), actual
    for e, a in zip(expected, actual):
        assert e[0] == a[0]
        assert all(abs(x - y) <= 2 for x, y in zip(e[1:], a[1:])), (e, a)


@pytest.fixture
def client(server_url):
    return InferenceHTTPClient(api_url=server_url).configure(LOW)


def test_get_server_info(client):
    info = client.get_server_info()
    assert info.name == "jinference"
    assert info.version


def test_infer_v1_single_image_by_path(client):
    result = client.infer(photo("darknet-dog.jpg"), model_id=MODEL)
    assert_golden(result, "darknet-dog.jpg")
    assert result["inference_id"] and result["time"] > 0
    assert all(p["detection_id"] for p in result["predictions"])


def test_infer_v1_numpy_image(client):
    image = cv2.imread(photo("darknet-giraffe.jpg"))
    assert_golden(client.infer(image, model_id=MODEL), "darknet-giraffe.jpg")


def test_infer_v1_list_keeps_order(server_url):
    client = InferenceHTTPClient(api_url=server_url).configure(
        InferenceConfiguration(confidence_threshold=0.3, max_batch_size=2, max_concurrent_requests=2))
    names = ["darknet-person.jpg", "darknet-dog.jpg", "darknet-horses.jpg"]
    results = client.infer([photo(n) for n in names], model_id=MODEL)
    assert len(results) == 3
    for name, result in zip(names, results):
        assert_golden(result, name)


def test_infer_v1_image_url_downloaded_by_the_client(client, photo_url):
    assert_golden(client.infer(photo_url("darknet-kite.jpg"), model_id=MODEL), "darknet-kite.jpg")


def test_inference_configuration_options(server_url):
    client = InferenceHTTPClient(api_url=server_url).configure(InferenceConfiguration(
        confidence_threshold=0.3, iou_threshold=0.5, max_detections=2, class_filter=["dog", "car"],
        visualize_predictions=True))
    result = client.infer(photo("darknet-dog.jpg"), model_id=MODEL)
    assert [p["class"] for p in result["predictions"]] == ["dog"], "max_detections then class_filter"
    assert base64.b64decode(result["visualization"])[:2] == b"\xff\xd8"


def test_infer_v0_legacy_route(server_url):
    client = InferenceHTTPClient(api_url=server_url, api_key="any-key").configure(LOW)
    client.select_api_v0()
    assert_golden(client.infer(photo("darknet-person.jpg"), model_id=MODEL), "darknet-person.jpg")


def test_model_management(client):
    client.load_model("yolov8-fixture/1")
    models = {m.model_id: m for m in client.list_loaded_models().models}
    assert models["yolov8-fixture/1"].task_type == "object-detection"
    assert models["yolov8-fixture/1"].input_width == 320
    client.unload_model("yolov8-fixture/1")
    assert "yolov8-fixture/1" not in {m.model_id for m in client.list_loaded_models().models}
    client.infer(photo("darknet-dog.jpg"), model_id=MODEL)
    client.unload_all_models()
    assert client.list_loaded_models().models == []


def test_other_tasks_through_the_python_client(client):
    poses = client.infer(photo("darknet-person.jpg"), model_id="coco-movenet/1")
    assert poses["predictions"][0]["class"] == "person"
    assert len(poses["predictions"][0]["keypoints"]) == 17
    masks = client.infer(photo("darknet-dog.jpg"), model_id="yolov8-seg-fixture/1")
    assert masks["predictions"][0]["points"]
    classes = client.infer(photo("skimage-coffee.png"), model_id="vit-fixture/1")
    assert classes["top"] == "red"


def test_async_methods_give_the_golden_answers(server_url):
    """The *_async methods (aiohttp) against the same server: the answers the Java suite's golden values say."""
    client = InferenceHTTPClient(api_url=server_url, api_key="any-key").configure(LOW)

    async def calls():
        assert_golden(await client.infer_async(photo("darknet-dog.jpg"), model_id=MODEL), "darknet-dog.jpg")
        v0 = InferenceHTTPClient(api_url=server_url, api_key="any-key").configure(LOW)
        v0.select_api_v0()
        assert_golden(await v0.infer_async(photo("darknet-person.jpg"), model_id=MODEL), "darknet-person.jpg")
        await client.load_model_async("yolov8-fixture/1")
        description = await client.get_model_description_async("yolov8-fixture/1")
        assert (description.task_type, description.input_width) == ("object-detection", 320)
        loaded = {m.model_id for m in (await client.list_loaded_models_async()).models}
        assert "yolov8-fixture/1" in loaded
        await client.unload_model_async("yolov8-fixture/1")
        await client.unload_all_models_async()
        assert (await client.list_loaded_models_async()).models == []

    asyncio.run(calls())


def test_infer_on_stream_over_a_folder_of_photos(client, tmp_path):
    """infer_on_stream reads the frames itself and sends each through the inference route."""
    import shutil
    for name in ("darknet-dog.jpg", "darknet-person.jpg"):
        shutil.copy(photo(name), tmp_path / name)
    seen = {}
    for reference, _frame, prediction in client.infer_on_stream(str(tmp_path), model_id=MODEL):
        seen[os.path.basename(str(reference))] = prediction
    assert set(seen) == {"darknet-dog.jpg", "darknet-person.jpg"}, seen.keys()
    for name, prediction in seen.items():
        # The client decodes each frame and sends it re-encoded: confidences move a little, so the golden boxes are
        # compared above 0.5, where no detection sits near the threshold.
        golden = GOLDEN[name]
        assert prediction["image"] == {"width": golden["width"], "height": golden["height"]}
        expected, actual = boxes(golden["predictions"], 0.5), boxes(prediction["predictions"], 0.5)
        assert [e[0] for e in expected] == [a[0] for a in actual], (expected, actual)
        for e, a in zip(expected, actual):
            assert all(abs(x - y) <= 3 for x, y in zip(e[1:], a[1:])), (e, a)


def test_get_model_description(client):
    description = client.get_model_description(MODEL)
    assert (description.model_id, description.task_type) == (MODEL, "object-detection")
    assert (description.input_width, description.input_height) == (416, 416)


def test_infer_from_workflow_uses_the_deprecated_routes(server_url):
    client = InferenceHTTPClient(api_url=server_url, api_key="any-key")
    spec = json.load(open(os.path.join(WORKFLOWS, "detect-and-draw.json")))
    by_spec = client.infer_from_workflow(specification=spec, images={"image": photo("darknet-dog.jpg")})
    assert {"dog", "bicycle"} <= classes_of(by_spec[0])
    by_name = client.infer_from_workflow(workspace_name="demo", workflow_name="detect-and-draw",
                                         images={"image": photo("darknet-giraffe.jpg")},
                                         parameters={"confidence": 0.5})
    assert classes_of(by_name[0]) == {"giraffe", "zebra"}
    paths = {r.path_url.split("?")[0] for r, _ in EXCHANGES}
    assert {"/infer/workflows", "/infer/workflows/demo/detect-and-draw"} <= paths, paths


def test_the_api_key_as_a_header(server_url):
    config = InferenceConfiguration(confidence_threshold=0.3, api_key_transport="header")
    client = InferenceHTTPClient(api_url=server_url, api_key="header-key").configure(config)
    before = len(EXCHANGES)
    assert_golden(client.infer(photo("darknet-dog.jpg"), model_id=MODEL), "darknet-dog.jpg")
    sent = [r for r, _ in EXCHANGES[before:]]
    assert sent and all(r.headers.get("Authorization") == "Bearer header-key" for r in sent)
    assert all("header-key" not in (r.url or "") and "header-key" not in str(r.body or "") for r in sent)


# The raw requests of Roboflow's HTTP API documentation (seeds/000), with localhost URLs.

def b64(name):
    with open(photo(name), "rb") as f:
        return base64.b64encode(f.read()).decode("ascii")


def test_docs_v2_route_base64(server_url):
    payload = {"model_id": MODEL, "image": {"type": "base64", "value": b64("darknet-dog.jpg")},
               "api_key": "YOUR ROBOFLOW API KEY", "confidence": 0.3}
    res = requests.post(f"{server_url}/infer/object_detection", json=payload)
    assert res.status_code == 200
    assert_golden(res.json(), "darknet-dog.jpg")


def test_docs_v2_route_url(server_url, photo_url):
    payload = {"model_id": MODEL, "image": {"type": "url", "value": photo_url("darknet-giraffe.jpg")},
               "confidence": 0.3}
    res = requests.post(f"{server_url}/infer/object_detection", json=payload)
    assert_golden(res.json(), "darknet-giraffe.jpg")


def test_docs_v2_route_batch(server_url):
    payload = {"model_id": MODEL, "confidence": 0.3, "image": [
        {"type": "base64", "value": b64("darknet-dog.jpg")}, {"type": "base64", "value": b64("darknet-person.jpg")}]}
    res = requests.post(f"{server_url}/infer/object_detection", json=payload).json()
    assert_golden(res[0], "darknet-dog.jpg")
    assert_golden(res[1], "darknet-person.jpg")


def test_docs_v1_route_base64_form_body(server_url):
    res = requests.post(f"{server_url}/{MODEL}?api_key=KEY&confidence=30", data=b64("darknet-horses.jpg"),
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_golden(res.json(), "darknet-horses.jpg")


def test_docs_v1_route_image_url(server_url, photo_url):
    res = requests.post(f"{server_url}/{MODEL}?api_key=KEY&confidence=30&image={photo_url('darknet-kite.jpg')}")
    assert_golden(res.json(), "darknet-kite.jpg")


def test_errors_reach_the_python_client_with_the_server_message(client):
    from inference_sdk.http.errors import HTTPCallErrorError
    with pytest.raises(HTTPCallErrorError) as e:
        client.infer(photo("darknet-dog.jpg"), model_id="no-such-project/1")
    assert e.value.status_code == 404
    assert "not in the local model cache" in e.value.api_message


def test_foundation_model_calls_get_a_clear_501_naming_the_family(client):
    # Roboflow's client calls the foundation routes by their own paths; none may fall into the legacy route (400)
    from inference_sdk.http.errors import HTTPCallErrorError
    calls = {
        "doctr": lambda: client.ocr_image(photo("darknet-dog.jpg")),
    }
    for family, call in calls.items():
        with pytest.raises(HTTPCallErrorError) as e:
            call()
        assert e.value.status_code == 501, e.value
        assert f"The foundation model '{family}'" in e.value.api_message


def test_ocr_image_with_pp_ocr_reads_what_rapidocr_reads(client):
    golden = json.load(open(os.path.join(os.path.dirname(IMAGES), "ocr", "rapidocr-golden.json")))
    page = client.ocr_image(photo("skimage-page.png"), model="pp_ocr")
    assert page["result"] == " ".join(line["text"] for line in golden["skimage-page.png"])
    assert page["parent_id"] is None
    boxes_of = client.ocr_image([photo("skimage-text.png"), photo("darknet-dog.jpg")], model="pp_ocr",
                                generate_bounding_boxes=True)
    assert [p["class"] for p in boxes_of[0]["predictions"]] == [line["text"] for line in golden["skimage-text.png"]]
    assert boxes_of[1]["result"] == "" and boxes_of[1]["predictions"] == []


def test_depth_estimation_in_every_format_and_with_the_model_in_the_path(client, tmp_path):
    # dark left half, bright right half: the test store's Depth Anything-shaped graphs read brightness as nearness
    # (tools/make-fixtures/make_depth_fixtures.py), so the map is about 0 on the left and about 1 on the right
    import numpy as np
    image = np.zeros((80, 120, 3), dtype=np.uint8)
    image[:, 60:] = 255
    path = str(tmp_path / "halves.png")
    cv2.imwrite(path, image)
    for model_id, in_path in [("depth-anything-v2/small", False), ("depth-anything-v3/small", True)]:
        for depth_map_format in ["json", "png16", "png8"]:
            result = client.depth_estimation(path, model_id=model_id, model_id_in_path=in_path,
                                             depth_map_format=depth_map_format)
            depth = np.asarray(result["normalized_depth"], dtype=np.float32)
            assert depth.shape == (80, 120), (model_id, depth_map_format)
            assert depth[:, :30].max() < 0.02 and depth[:, 90:].min() > 0.98, (model_id, depth_map_format)
            picture = cv2.imdecode(np.frombuffer(base64.b64decode(result["image"]), np.uint8), cv2.IMREAD_COLOR)
            assert picture.shape == (80, 120, 3)


def test_clip_embeddings_and_comparisons(client, tmp_path):
    # the test store's CLIP-shaped graphs give 8-number embeddings (tools/make-fixtures/make_clip_fixtures.py);
    # ClipRouteTest checks their values, this test that Roboflow's client gets them and that compare agrees
    import numpy as np
    red = np.zeros((64, 96, 3), dtype=np.uint8)
    red[:] = (0, 0, 255)
    path = str(tmp_path / "red.png")
    cv2.imwrite(path, red)
    image = client.get_clip_image_embeddings(path)
    assert len(image["embeddings"]) == 1 and len(image["embeddings"][0]) == 8
    texts = client.get_clip_text_embeddings(["a photo of a dog", "a red square"], clip_version="ViT-B-32")
    assert len(texts["embeddings"]) == 2

    def cosine(a, b):
        a, b = np.asarray(a), np.asarray(b)
        return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))

    expected = [cosine(image["embeddings"][0], t) for t in texts["embeddings"]]
    compared = client.clip_compare(subject=path, prompt=["a photo of a dog", "a red square"])
    assert np.allclose(compared["similarity"], expected, atol=1e-4)
    by_image = client.clip_compare(subject="a red square", subject_type="text", prompt=[path, path],
                                   prompt_type="image")
    assert np.allclose(by_image["similarity"], [expected[1]] * 2, atol=1e-4)


def test_sam2_segment_image(client, tmp_path):
    # the test store's SAM 2-shaped graphs (tools/make-fixtures/make_sam2_fixtures.py): a disk of 120 px of SAM 2's
    # 1024 frame around the prompt, cut to the bright part of the picture; Sam2RouteTest checks the shapes
    import numpy as np
    picture = np.zeros((256, 512, 3), dtype=np.uint8)
    picture[:, :256] = 255  # bright left half
    path = str(tmp_path / "half.png")
    cv2.imwrite(path, picture)
    result = client.sam2_segment_image(
        path, prompts=[{"points": [{"x": 128, "y": 128, "positive": True}]},
                       {"box": {"x": 256, "y": 128, "width": 40, "height": 40}}])
    first, second = result["predictions"]
    assert first["confidence"] == pytest.approx(0.9) and first["format"] == "polygon"
    polygon = np.asarray(first["masks"][0], dtype=np.float64)
    rx, ry = 120 * 512 / 1024, 120 * 256 / 1024
    assert polygon[:, 0].min() == pytest.approx(128 - rx, abs=2) and polygon[:, 0].max() == pytest.approx(128 + rx, abs=2)
    # the box's centre is on the edge of the bright half: the mask stops there
    box = np.asarray(second["masks"][0], dtype=np.float64)
    assert box[:, 0].max() <= 258 and box[:, 0].min() == pytest.approx(256 - rx, abs=2)
    single = client.sam2_segment_image(path, prompts=[{"points": [{"x": 128, "y": 128, "positive": True}]}],
                                       multimask_output=False)
    assert single["predictions"][0]["confidence"] == pytest.approx(0.5)
    rle = client.sam2_segment_image(path, prompts=[{"points": [{"x": 128, "y": 128, "positive": True}]}],
                                    mask_input_format="rle")
    masks = rle["predictions"][0]["masks"]
    assert rle["predictions"][0]["format"] == "rle" and masks["size"] == [256, 512]
    assert isinstance(masks["counts"], str) and masks["counts"]


def test_python_and_java_sdks_get_the_same_detections(client):
    assert os.path.exists(JAVA_RESULTS), "run the Maven build: the sdk-examples tests write the Java SDK's results"
    java = json.load(open(JAVA_RESULTS))
    for name, java_result in java.items():
        python_result = client.infer(photo(name), model_id=MODEL)
        assert boxes(python_result["predictions"], 0.3) == boxes(java_result["predictions"], 0.3), name


def classes_of(workflow_output):
    return {p["class"] for p in workflow_output["predictions"]["predictions"]}


def test_run_workflow_by_specification(client):
    spec = json.load(open(os.path.join(WORKFLOWS, "detect-and-draw.json")))
    outputs = client.run_workflow(specification=spec, images={"image": photo("darknet-dog.jpg")})
    assert {"dog", "bicycle"} <= classes_of(outputs[0])
    assert outputs[0]["viz"], "the visualisation image came back"


def test_run_workflow_by_id_with_parameters(server_url):
    client = InferenceHTTPClient(api_url=server_url, api_key="any-key")
    outputs = client.run_workflow(workspace_name="demo", workflow_id="detect-and-draw",
                                  images={"image": [photo("darknet-giraffe.jpg"), photo("darknet-person.jpg")]},
                                  parameters={"confidence": 0.5}, excluded_fields=["viz"])
    assert [classes_of(o) for o in outputs] == [{"giraffe", "zebra"}, {"person", "horse"}]
    assert "viz" not in outputs[0]


CORPUS = sorted(f for f in os.listdir(WORKFLOWS) if f.endswith(".json"))
with open(os.path.join(WORKFLOWS, "photos.properties")) as f:
    CORPUS_PHOTO = dict(line.strip().split("=", 1) for line in f if "=" in line and not line.startswith("#"))


def normalised(value):
    """Workflow outputs less what differs run to run: random ids; images are compared by their size."""
    if isinstance(value, dict):
        if value.get("type") == "base64" and isinstance(value.get("value"), str):
            decoded = cv2.imdecode(__import__("numpy").frombuffer(base64.b64decode(value["value"]), "uint8"), 1)
            return {"image_shape": list(decoded.shape)}
        return {k: normalised(v) for k, v in value.items() if k not in ("detection_id", "inference_id", "parent_id")}
    if isinstance(value, list):
        return [normalised(v) for v in value]
    if isinstance(value, str) and len(value) > 256:
        # the client hands images back as the bare base64 string (output_visualisation_format=base64)
        return normalised({"type": "base64", "value": value})
    return value


@pytest.mark.parametrize("name", CORPUS)
def test_every_corpus_workflow_gives_the_same_outputs_through_the_python_client(server_url, name):
    """The workflow corpus of the Java tests, through Roboflow's client and through a raw request, agree."""
    spec = json.load(open(os.path.join(WORKFLOWS, name)))
    image = photo(CORPUS_PHOTO.get(name, "darknet-dog.jpg"))
    client = InferenceHTTPClient(api_url=server_url)
    through_client = client.run_workflow(specification=spec, images={"image": image})
    with open(image, "rb") as f:
        encoded = base64.b64encode(f.read()).decode()
    raw = requests.post(server_url + "/workflows/run", json={
        "specification": spec, "inputs": {"image": {"type": "base64", "value": encoded}}}, timeout=60)
    assert raw.status_code == 200, raw.text
    assert normalised(through_client) == normalised(raw.json()["outputs"])


PIPELINE_WORKFLOW = {
    "version": "1.0",
    "inputs": [{"type": "WorkflowImage", "name": "image"},
               {"type": "WorkflowVideoMetadata", "name": "video_metadata"}],
    "steps": [{"type": "roboflow_core/roboflow_object_detection_model@v2", "name": "det",
               "images": "$inputs.image", "model_id": MODEL, "confidence": 0.3}],
    "outputs": [{"type": "JsonField", "name": "predictions", "selector": "$steps.det.predictions"},
                {"type": "JsonField", "name": "metadata", "selector": "$inputs.video_metadata"}],
}


@pytest.fixture
def mjpeg_url():
    """A live camera stand-in: the dog photo as MJPEG over HTTP, 10 frames a second, until the test ends."""
    import http.server
    import threading
    import time
    jpeg = open(photo("darknet-dog.jpg"), "rb").read()
    stop = threading.Event()

    class Stream(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "multipart/x-mixed-replace;boundary=frame")
            self.end_headers()
            try:
                while not stop.is_set():
                    self.wfile.write(b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n" % len(jpeg))
                    self.wfile.write(jpeg + b"\r\n")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stream)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/stream.mjpg"
    stop.set()
    httpd.shutdown()


def test_inference_pipeline_driven_by_the_python_client(client, mjpeg_url):
    import time
    started = client.start_inference_pipeline_with_workflow(
        video_reference=mjpeg_url, workflow_specification=PIPELINE_WORKFLOW, max_fps=5, results_buffer_size=8)
    assert started["status"] == "success"
    pipeline_id = started["context"]["pipeline_id"]
    assert pipeline_id in client.list_inference_pipelines()["pipelines"]
    outputs = []
    deadline = time.time() + 30
    while len(outputs) < 2 and time.time() < deadline:
        result = client.consume_inference_pipeline_result(pipeline_id, excluded_fields=["metadata"])
        if result["outputs"]:
            assert result["frames_metadata"][0]["source_id"] == 0
            assert result["frames_metadata"][0]["frame_id"] >= 1
            outputs.extend(result["outputs"])
        else:
            time.sleep(0.1)
    assert len(outputs) >= 2, "results within 30 s"
    for out in outputs:
        assert "metadata" not in out, "excluded through the GET's JSON body, as the Python client sends it"
        classes = {p["class"] for p in out["predictions"]["predictions"] if p["confidence"] >= 0.4}
        assert {"bicycle", "dog"} <= classes, classes
    deadline = time.time() + 30
    while time.time() < deadline:
        result = client.consume_inference_pipeline_result(pipeline_id)
        if result["outputs"]:
            break
        time.sleep(0.1)
    metadata = result["outputs"][0]["metadata"]
    assert metadata["frame_number"] == result["frames_metadata"][0]["frame_id"]
    assert metadata["comes_from_video_file"] is False
    status = client.get_inference_pipeline_status(pipeline_id)
    assert status["status"] == "success"
    report = status["report"]
    assert report["sources_metadata"][0]["source_properties"]["width"] == 768
    assert report["inference_throughput"] >= 0
    assert client.pause_inference_pipeline(pipeline_id)["status"] == "success"
    assert client.get_inference_pipeline_status(pipeline_id)["report"]["state"] == "MUTED"
    assert client.resume_inference_pipeline(pipeline_id)["status"] == "success"
    assert client.terminate_inference_pipeline(pipeline_id)["status"] == "success"
    assert pipeline_id not in client.list_inference_pipelines()["pipelines"]
    with pytest.raises(Exception) as refused:
        client.terminate_inference_pipeline(pipeline_id)
    assert "404" in str(refused.value) or "not found" in str(refused.value).lower()
