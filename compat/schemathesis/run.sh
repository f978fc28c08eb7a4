#!/usr/bin/env bash
# A bounded Schemathesis run over the whole contract (openapi/inference-api.yaml) against the real server jar:
# examples, coverage and fuzzing phases. Every generated request must be answered without a 5xx, a request the
# contract forbids must be refused, and every answer's status, content type and body must be the contract's.
# Bounded by MAX_TIME seconds (default 150). Creates compat/schemathesis/.venv on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$here/../venv.sh"
ensure_venv "$here"
venv="$here/.venv"
jar="$root/server/target/jinference-server.jar"
[ -f "$jar" ] || { echo "schemathesis: build the server jar first (./mvnw -pl server -am package)" >&2; exit 1; }
work="$(mktemp -d)"
cp -r "$root/server/src/test/resources/model-store/." "$work/"
port="$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
PORT="$port" HOST=127.0.0.1 MODEL_CACHE_DIR="$work" OFFLINE_MODE=true \
  WORKFLOWS_DIR="$root/server/src/test/resources/workflows" java -jar "$jar" > "$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { tail -50 "$work/server.log"; exit 1; }
  sleep 0.2
done
report="${REPORT_DIR:-$root/sdk-examples/target/schemathesis}"
mkdir -p "$report"
status=0
"$venv/bin/schemathesis" run "$root/openapi/inference-api.yaml" --url "http://127.0.0.1:$port" \
  --checks not_a_server_error,negative_data_rejection,status_code_conformance,response_schema_conformance,content_type_conformance \
  --phases examples,coverage,fuzzing --max-time "${MAX_TIME:-150}" \
  --workers 2 --request-timeout 60 --suppress-health-check all --seed 1 \
  --exclude-path-regex '^/(inference_pipelines|perception_encoder|grounding_dino|yolo_world|owlv2|doctr|easy_ocr|sam|sam2|sam3|sam3_3d|gaze)/|^/ocr/trocr|^/infer/(lmm|embeddings)' \
  --report junit --report-dir "$report" || status=$?
# Left out above: inference pipelines (a generated payload would start real video readers), and the foundation-model
# routes not served yet, which answer 501 by design (issue 17; FoundationRoutesTest checks each
# against the contract). No answer may have been an internal error, and the server keeps serving after the run.
if grep -q "Internal error" "$work/server.log"; then
  echo "schemathesis: the server logged internal errors:" >&2
  grep -A5 "Internal error" "$work/server.log" | head -40 >&2
  status=1
fi
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "schemathesis: the server stopped answering" >&2; exit 1; }
exit $status
