#!/usr/bin/env bash
# The memory run of docs/benchmarks.md: REQUESTS (default 20,000) requests (2 clients) against the server jar while
# its resident memory (jinference_process_resident_memory_bytes on /metrics) is sampled every 5 s; prints the RSS by
# windows of 3,000 requests from request 2,000 on, the change from the first window to the last, and the trend.
# About 15 minutes on 2 cores for 20,000 requests.
source "$(dirname "$0")/common.sh"
port=9178
server_log="$out/memory-server.log"
start_server
java -jar benchmark/target/jinference-benchmark.jar --url "http://127.0.0.1:$port" --images "$out/images" \
  --warmup 20 --requests "${REQUESTS:-20000}" --clients 2 --output "$out/memory-run.json" >"$out/memory-run.log" 2>&1 &
load=$!
: >"$out/memory-samples.txt"
while kill -0 "$load" 2>/dev/null; do
  curl -s "http://127.0.0.1:$port/metrics" | awk '/^jinference_inference_images_total/ {i=$2} /^jinference_process_resident_memory_bytes/ {r=$2} END {print i, r}' >>"$out/memory-samples.txt"
  sleep 5
done
stop_server
tail -1 "$out/memory-run.log"
python3 - "$out/memory-samples.txt" "${REQUESTS:-20000}" <<'PY'
import sys
last = int(sys.argv[2]) + 20
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if len(l.split()) == 2]
rows = [(n, rss / 1e6) for n, rss in rows if 2000 <= n <= last]
means = []
for lo in range(2000, last, 3000):
    seg = [r for n, r in rows if lo <= n < lo + 3000]
    if seg:
        means.append(sum(seg) / len(seg))
        print(f"requests {lo}-{lo + 2999}: RSS {min(seg):.0f}-{max(seg):.0f} MB, mean {means[-1]:.0f} MB")
print(f"last window's mean against the first's: {100 * (means[-1] / means[0] - 1):+.1f}%")
mx = sum(n for n, _ in rows) / len(rows); my = sum(r for _, r in rows) / len(rows)
spread = sum((n - mx) ** 2 for n, _ in rows)
if spread > 0:  # a short run (REQUESTS just above 2,000) may leave one sample
    slope = sum((n - mx) * (r - my) for n, r in rows) / spread
    print(f"trend: {slope * 1000:.2f} MB per 1,000 requests")
PY
