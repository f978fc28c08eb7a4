# Sourced by run.sh and memory.sh: builds the jars, puts the test photo in target/benchmarks/images, and starts and
# stops the server jar (on $port, its log in $server_log).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
./mvnw -q -B -ntp -pl benchmark -am package -DskipTests
out=target/benchmarks
mkdir -p "$out/images"
cp server/src/test/resources/images/darknet-dog.jpg "$out/images/"
server_log="$out/server.log"
# start_server [VAR=value ...]: the server jar with those settings; returns once it is ready
start_server() {
  env "$@" PORT="$port" java -jar server/target/jinference-server.jar >"$server_log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/readiness" >/dev/null; do sleep 0.2; done
}
stop_server() { kill "$pid"; wait "$pid" || true; }
