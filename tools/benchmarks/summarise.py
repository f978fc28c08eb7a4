#!/usr/bin/env python3
"""Summarises the runs of tools/benchmarks/run.sh: each configuration over the repeats (mean, min-max), then issue
#18's targets, each ratio computed within one run (the issue's "measured in one run") and averaged over the runs,
with met/missed.

usage: summarise.py target/benchmarks
"""
import glob
import json
import os
import re
import statistics
import sys

root = sys.argv[1]
runs = sorted(glob.glob(os.path.join(root, "run*")), key=lambda p: int(re.sub(r"\D", "", os.path.basename(p))))


def results(run):
    out = {}
    for f in glob.glob(os.path.join(run, "*.json")):
        out[os.path.basename(f)[:-5]] = json.load(open(f))["benchmark_results"]
    return out


per_run = [results(r) for r in runs]
names = sorted({n for r in per_run for n in r if not re.search(r"-b[0-9]+$", n)})


def spread(values, fmt="{:.1f}"):
    if not values:
        return "-"
    if len(values) == 1:
        return fmt.format(values[0])
    return (fmt + " ({}-{})").format(statistics.mean(values), fmt.format(min(values)), fmt.format(max(values)))


print(f"{len(runs)} runs; each cell: mean over the runs (min-max)")
print(f"{'configuration':30} {'p50 ms':>22} {'p99 ms':>22} {'images/s':>22} {'errors':>7}")
for n in names:
    rows = [r[n] for r in per_run if n in r]
    print(f"{n:30} {spread([x['p50_inference_latency_ms'] for x in rows]):>22} "
          f"{spread([x['p99_inference_latency_ms'] for x in rows]):>22} "
          f"{spread([x['images_per_second'] for x in rows]):>22} "
          f"{max(x['error_rate'] for x in rows):>7.3f}")

block_names = sorted({re.sub(r"-b[0-9]+$", "", n) for r in per_run for n in r if re.search(r"-b[0-9]+$", n)})
for n in block_names:
    medians = [statistics.median(v["p50_inference_latency_ms"] for k, v in r.items() if re.sub(r"-b[0-9]+$", "", k) == n
                                 and k != n) for r in per_run if any(k.startswith(n + "-b") for k in r)]
    print(f"{n + ' (blocks)':30} {spread(medians):>22}   median p50 of the alternating blocks")


def ratio(label, fn, goal=None):
    """Prints fn over the runs; goal is (op, bound): the target's verdict on the mean."""
    values = []
    for r in per_run:
        try:
            values.append(fn(r))
        except KeyError:
            pass
    verdict = ""
    if goal and values:
        op, bound = goal
        mean = statistics.mean(values)
        met = mean <= bound if op == "<=" else mean >= bound
        verdict = f"  target {op} {bound}: {'MET' if met else 'MISSED'}"
    print(f"{label:72} {spread(values, '{:.3f}')}{verdict}")


def p50(r, name):
    return r[name]["p50_inference_latency_ms"]


def blocks(r, a, b):
    """The median over the alternating blocks of one run of p50(a) - p50(b)."""
    diffs = [p50(r, f"{a}-b{i}") - p50(r, f"{b}-b{i}") for i in range(1, 10) if f"{a}-b{i}" in r]
    if not diffs:
        raise KeyError(a)
    return statistics.median(diffs)


def best_onnx(r):
    """The best ONNX Runtime-alone configuration: one session, N runs of 1 thread or runs of 2 threads."""
    return max(v["images_per_second"] for k, v in r.items() if k.startswith("onnx-") and "-b" not in k)


print()
print("issue #18's targets, each ratio computed within one run: mean over the runs (min-max)")
ratio("1. c=1 p50: server (HTTP, defaults) - ONNX Runtime alone (2 threads, ORT defaults), ms",
      lambda r: blocks(r, "http-defaults-c1", "onnx-intra2-spinon-c1"), ("<=", 6.0))
ratio("   the same against ONNX Runtime alone with spinning off (as the server runs it), ms",
      lambda r: blocks(r, "http-defaults-c1", "onnx-intra2-spinoff-c1"))
ratio("   in-process pipeline (no HTTP) - ONNX Runtime alone (2 threads, separate runs), ms",
      lambda r: p50(r, "in-process-defaults-c1") - p50(r, "onnx-intra2-c1"))
for c in (4, 8):
    ratio(f"2. c={c} images/s: server (HTTP, defaults) / best ONNX Runtime alone",
          lambda r: r[f"http-defaults-c{c}"]["images_per_second"] / best_onnx(r), (">=", 0.85))
ratio("3. c=4 p99 / p50, server (HTTP, defaults)",
      lambda r: r["http-defaults-c4"]["p99_inference_latency_ms"] / p50(r, "http-defaults-c4"), ("<=", 1.5))
ratio("   SDK at c=1, p50 SDK - p50 raw HTTP, ms",
      lambda r: p50(r, "sdk-defaults-c1") - p50(r, "http-defaults-c1"))
ratio("   SDK at c=4, images/s SDK / raw HTTP",
      lambda r: r["sdk-defaults-c4"]["images_per_second"] / r["http-defaults-c4"]["images_per_second"])
ratio("   batching (YOLOv8n, c=4), images/s max-batch 4 / off",
      lambda r: r["batch-max4-c4"]["images_per_second"] / r["batch-max1-c4"]["images_per_second"])

print()
print("time in ONNX Runtime per session run inside the server (HTTP runs, /metrics: run and queue timers)")
for run in runs:
    f = os.path.join(run, "http-metrics.txt")
    if os.path.exists(f):
        v = {}
        for line in open(f):
            m = re.match(r"jinference_inference_(run|queue)_seconds_(sum|count)\{.*\} ([0-9.eE+-]+)", line)
            if m:
                v[(m.group(1), m.group(2))] = v.get((m.group(1), m.group(2)), 0) + float(m.group(3))
        if v.get(("run", "count")):
            print(f"{os.path.basename(run)}: mean run {1000 * v[('run', 'sum')] / v[('run', 'count')]:.1f} ms, mean "
                  f"queue {1000 * v[('queue', 'sum')] / v[('queue', 'count')]:.1f} ms over {v[('run', 'count')]:.0f} "
                  f"runs (all client counts together)")

for run in runs:
    for f in sorted(glob.glob(os.path.join(run, "batch-*-metrics.txt"))):
        counts = {}
        for line in open(f):
            m = re.match(r"jinference_inference_(images|executions)_total\{.*\} ([0-9.eE+-]+)", line)
            if m:
                counts[m.group(1)] = counts.get(m.group(1), 0) + float(m.group(2))
        if counts.get("executions"):
            print(f"{os.path.basename(run)} {os.path.basename(f)[:-12]:16} {counts['images']:.0f} images in "
                  f"{counts['executions']:.0f} runs: {counts['images'] / counts['executions']:.2f} per run")

cold = os.path.join(root, "cold-start.txt")
if os.path.exists(cold):
    print()
    lines = open(cold).read().strip().splitlines()
    print("\n".join(lines))
    for label in ("java -jar", "class-data archive"):
        times = [float(re.search(r"answered after ([0-9.]+) s", l).group(1)) for l in lines
                 if l.startswith(f"cold start {label}:")]
        if times:
            mean = statistics.mean(times)
            print(f"4. first inference after start, {label}: {spread(times, '{:.2f}')} s  target <= 2.5: "
                  f"{'MET' if mean <= 2.5 else 'MISSED'}")
