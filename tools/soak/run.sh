#!/usr/bin/env bash
# Soak run (not CI): builds the server jar, starts it with default settings, and runs soak.py against it for
# DURATION seconds (default 600) with CLIENTS clients (default 8), 30% hostile requests. Summary in target/soak.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -ntp -pl server -am package -DskipTests
port="${PORT:-9011}"
log=target/soak-server.log
mkdir -p target
PORT="$port" java -jar server/target/jinference-server.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/readiness" >/dev/null; do sleep 0.2; done
python3 tools/soak/soak.py --url "http://127.0.0.1:$port" --pid "$pid" --duration "${DURATION:-600}" \
  --clients "${CLIENTS:-8}"
echo "server log lines at ERROR: $(grep -c ' ERROR ' "$log" || true)"
