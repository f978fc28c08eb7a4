#!/usr/bin/env python3
"""Builds two small ONNX graphs with the inputs and outputs of Depth Anything's ONNX exports, for the depth
estimation tests (no depth weights are reachable offline: docs/models.md says how to bring real ones).

- depth-anything-v2/small: the Hugging Face (onnx-community) export's shape: `pixel_values` f32[1,3,H,W] with
  dynamic H and W, `predicted_depth` f32[1,H,W].
- depth-anything-v3/small: the fixed-size export's shape (fabio-sim/Depth-Anything-ONNX): `image` f32[1,3,518,518],
  `depth` f32[1,518,518].

Each graph's "depth" is the mean of the three normalised input channels, so a brighter pixel reads as nearer:
tests know what to expect of a photo they draw (a dark half and a bright half) without running this graph.

    python tools/make-fixtures/make_depth_fixtures.py server/src/test/resources/model-store
"""
import os
import sys

import onnx
from onnx import TensorProto, helper


def depth_graph(input_name, output_name, height, width):
    x = helper.make_tensor_value_info(input_name, TensorProto.FLOAT, [1, 3, height, width])
    y = helper.make_tensor_value_info(output_name, TensorProto.FLOAT, [1, height, width])
    node = helper.make_node("ReduceMean", [input_name], [output_name], axes=[1], keepdims=0)
    graph = helper.make_graph([node], "depth-fixture", [x], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="jinference tools/make-fixtures")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def write(root, family, version, model_bytes):
    d = os.path.join(root, family, version)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "weights.onnx"), "wb") as f:
        f.write(model_bytes)


if __name__ == "__main__":
    root = sys.argv[1]
    write(root, "depth-anything-v2", "small", depth_graph("pixel_values", "predicted_depth", "height", "width"))
    write(root, "depth-anything-v3", "small", depth_graph("image", "depth", 518, 518))
