#!/usr/bin/env python3
"""Summarises the runs of tools/benchmarks/run.sh: each configuration over the repeats (mean, min-max), then the
ratios of issue #8's targets computed within each run (the targets say "measured in one run") and over the runs.

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
        r = json.load(open(f))["benchmark_results"]
        out[os.path.basename(f)[:-5]] = r
    return out


per_run = [results(r) for r in runs]
names = sorted({n for r in per_run for n in r})


def spread(values, fmt="{:.1f}"):
    if not values:
        return "-"
    if len(values) == 1:
        return fmt.format(values[0])
    return (fmt + " ({}-{})").format(statistics.mean(values), fmt.format(min(values)), fmt.format(max(values)))


print(f"{len(runs)} runs; each cell: mean over the runs (min-max)")
print(f"{'configuration':34} {'p50 ms':>22} {'p99 ms':>22} {'images/s':>22} {'errors':>7}")
for n in names:
    rows = [r[n] for r in per_run if n in r]
    print(f"{n:34} {spread([x['p50_inference_latency_ms'] for x in rows]):>22} "
          f"{spread([x['p99_inference_latency_ms'] for x in rows]):>22} "
          f"{spread([x['images_per_second'] for x in rows]):>22} "
          f"{max(x['error_rate'] for x in rows):>7.3f}")


def ratio(label, fn):
    values = []
    for r in per_run:
        try:
            values.append(fn(r))
        except KeyError:
            pass
    print(f"{label:78} {spread(values, '{:.3f}')}")


def best_in_process(r):
    return max(v["images_per_second"] for k, v in r.items() if k.startswith("in-process"))


print()
print("ratios, each computed within one run: mean over the runs (min-max)")
for intra in (2, 1):
    ratio(f"c=1 p50, HTTP / in-process, intra-op {intra} (target <= 1.10)",
          lambda r: r[f"http-intra{intra}-c1"]["p50_inference_latency_ms"]
          / r[f"in-process-intra{intra}-c1"]["p50_inference_latency_ms"])
for intra in (2, 1):
    ratio(f"c=4 images/s, HTTP intra-op {intra} / best in-process (target >= 0.95)",
          lambda r: r[f"http-intra{intra}-c4"]["images_per_second"] / best_in_process(r))
for intra in (2, 1):
    ratio(f"SDK overhead at c=1, p50 SDK - p50 raw HTTP, ms, intra-op {intra}",
          lambda r: r[f"sdk-intra{intra}-c1"]["p50_inference_latency_ms"]
          - r[f"http-intra{intra}-c1"]["p50_inference_latency_ms"])
    ratio(f"SDK at c=1, p50 SDK / p50 raw HTTP, intra-op {intra}",
          lambda r: r[f"sdk-intra{intra}-c1"]["p50_inference_latency_ms"]
          / r[f"http-intra{intra}-c1"]["p50_inference_latency_ms"])
    ratio(f"SDK at c=4, images/s SDK / raw HTTP, intra-op {intra}",
          lambda r: r[f"sdk-intra{intra}-c4"]["images_per_second"] / r[f"http-intra{intra}-c4"]["images_per_second"])
for intra in (2, 1):
    ratio(f"batching (YOLOv8n, c=4), images/s max-batch 4 / off, intra-op {intra}",
          lambda r: r[f"batch-intra{intra}-max4-c4"]["images_per_second"]
          / r[f"batch-intra{intra}-max1-c4"]["images_per_second"])
    ratio(f"batching (YOLOv8n, c=4), p50 max-batch 4 / off, intra-op {intra}",
          lambda r: r[f"batch-intra{intra}-max4-c4"]["p50_inference_latency_ms"]
          / r[f"batch-intra{intra}-max1-c4"]["p50_inference_latency_ms"])

print()
print("batching: images per session run, from /metrics after each batching run")
for run in runs:
    for f in sorted(glob.glob(os.path.join(run, "batch-*-metrics.txt"))):
        counts = {}
        for line in open(f):
            m = re.match(r"jinference_inference_(images|executions)_total\{.*\} ([0-9.eE+-]+)", line)
            if m:
                counts[m.group(1)] = counts.get(m.group(1), 0) + float(m.group(2))
        if counts.get("executions"):
            print(f"{os.path.basename(run)} {os.path.basename(f)[:-12]:24} {counts['images']:.0f} images in "
                  f"{counts['executions']:.0f} runs: {counts['images'] / counts['executions']:.2f} per run")

cold = os.path.join(root, "cold-start.txt")
if os.path.exists(cold):
    print()
    print(open(cold).read().strip())
