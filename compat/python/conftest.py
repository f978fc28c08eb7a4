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
