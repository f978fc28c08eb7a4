#!/usr/bin/env python3
"""Builds a small ONNX graph whose declared output shape is a lie, for PinnedOutputsTest: the output is
declared as [1, 5] floats, a fully known shape, but its length is the number of input values above 0.5
(NonZero), known only once the graph has run. ONNX Runtime accepts the declaration at load time (its shape
inference cannot know the length) and refuses output tensors pinned at [1, 5] when the run answers another
length, which is the case the server's fallback to unpinned outputs exists for.

    python tools/make-fixtures/make_pinned_outputs_fixture.py server/src/test/resources/golden/pinned-outputs-lie.onnx
"""
import sys

import onnx
from onnx import TensorProto, helper


def main(path):
    x = helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 8, 8])
    y = helper.make_tensor_value_info("counts", TensorProto.FLOAT, [1, 5])
    half = helper.make_tensor("half", TensorProto.FLOAT, [], [0.5])
    axes = helper.make_tensor("axes", TensorProto.INT64, [1], [0])
    nodes = [
        helper.make_node("Greater", ["images", "half"], ["above"]),
        helper.make_node("NonZero", ["above"], ["where"]),  # [4, N]
        helper.make_node("Cast", ["where"], ["where_f"], to=TensorProto.FLOAT),
        helper.make_node("ReduceSum", ["where_f", "axes"], ["counts"], keepdims=1),  # [1, N]
    ]
    graph = helper.make_graph(nodes, "pinned-outputs-lie", [x], [y], initializer=[half, axes])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="jinference")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


if __name__ == "__main__":
    main(sys.argv[1])
