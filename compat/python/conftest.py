"""Starts the real jinference server (the jar the Maven build made) for the suite, with the test model store and
URL inputs relaxed so a photo served from this machine can be fetched by URL."""
import http.server
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
IMAGES = os.path.join(ROOT, "server", "src", "test", "resources", "images")
STORE = os.path.join(ROOT, "server", "src", "test", "resources", "model-store")
JAR = os.path.join(ROOT, "server", "target", "jinference-server.jar")
WORKFLOWS = os.path.join(ROOT, "server", "src", "test", "resources", "workflows")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SPEC = os.path.join(ROOT, "openapi", "inference-api.yaml")
EXCHANGES = []  # (prepared request, response) of every call the suite's clients made to the server


@pytest.fixture(scope="session", autouse=True)
def every_exchange_matches_the_contract(server_url):
    """Records every request the Python clients send through `requests` (Roboflow's inference-sdk uses it for all
    but its *_async methods) and checks each answer against the contract at the end: the operation exists, the
    status is declared for it, and the body matches the declared schema (openapi-core)."""
    import requests
    from openapi_core import OpenAPI
    from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

    original = requests.Session.send

    def recording(self, request, **kwargs):
        response = original(self, request, **kwargs)
        EXCHANGES.append((request, response))
        return response

    requests.Session.send = recording
    yield
    requests.Session.send = original
    api = OpenAPI.from_file_path(SPEC)
    problems = []
    checked = 0
    for request, response in EXCHANGES:
        path = urllib.parse.urlsplit(request.url).path
        if not request.url.startswith(server_url + "/") or path.startswith(("/openapi", "/docs", "/redoc", "/metrics")):
            continue  # the photo server, or the pages that document the API (outside the contract)
        # The contract's server is http://localhost:9001; only the path and the exchange matter here.
        local = request.copy()
        local.url = "http://localhost:9001" + path + ("?" + urllib.parse.urlsplit(request.url).query
                                                       if urllib.parse.urlsplit(request.url).query else "")
        try:
            api.validate_response(RequestsOpenAPIRequest(local), RequestsOpenAPIResponse(response))
            checked += 1
        except Exception as e:  # noqa: BLE001 - every kind of mismatch is reported
            detail = "; ".join(str(x)[:300] for x in getattr(e, "schema_errors", None) or []) or str(e)[:300]
            problems.append(f"{request.method} {path} -> {response.status_code}: {type(e).__name__}: {detail}")
    print(f"\ncontract: {checked} exchanges of the Python clients match openapi/inference-api.yaml")
    if problems:
        pytest.fail("answers that do not match the contract:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture(scope="session")
def server_url():
    if not os.path.exists(JAR):
        pytest.fail("server jar missing: build it first (./mvnw -pl server -am package)")
    port = free_port()
    store = tempfile.mkdtemp(prefix="compat-store-")
    shutil.copytree(STORE, store, dirs_exist_ok=True)
    env = dict(os.environ, PORT=str(port), HOST="127.0.0.1", MODEL_CACHE_DIR=store, OFFLINE_MODE="true",
               WORKFLOWS_DIR=WORKFLOWS,
               ALLOW_NON_HTTPS_URL_INPUT="true", ALLOW_URL_INPUT_WITHOUT_FQDN="true",
               ALLOW_URL_TO_NON_GLOBAL_ADDRESSES="true")
    log = open(os.path.join(store, "server.log"), "w")
    proc = subprocess.Popen(["java", "-jar", JAR], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("server exited: " + open(os.path.join(store, "server.log")).read()[-2000:])
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("server did not start within 60 s")
    yield url
    proc.terminate()
    proc.wait(timeout=30)
    log.close()
    shutil.rmtree(store, ignore_errors=True)


@pytest.fixture(scope="session")
def photo_url():
    """The test photos over plain HTTP on this machine."""
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=IMAGES, **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield lambda name: f"http://127.0.0.1:{httpd.server_address[1]}/{name}"
    httpd.shutdown()


def photo(name):
    return os.path.join(IMAGES, name)
