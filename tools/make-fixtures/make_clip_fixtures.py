#!/usr/bin/env python3
"""Builds small ONNX graphs with the inputs and outputs of Roboflow's CLIP ONNX exports (`visual.onnx`: f32[N,3,224,224]
-> f32[N,D]; `textual.onnx`: token ids [N,77] -> f32[N,D]) for the CLIP route tests (no CLIP weights are reachable
offline: docs/models.md says how to bring real ones). D is 8 here.

- the visual graph averages each normalised channel over the image and multiplies by VISUAL (3 x 8), so a test
  knows the embedding of a single-colour picture from CLIP's normalisation alone;
- the textual graph multiplies the 77 token ids (as floats) by TEXTUAL (77 x 8), so a test knows a text's embedding
  from its token ids. ViT-B-16's textual graph takes int64 ids, ViT-B-32's int32 (both kinds of export exist).

    python tools/make-fixtures/make_clip_fixtures.py server/src/test/resources/model-store
"""
import os
import sys

import onnx
from onnx import TensorProto, helper

VISUAL = [[1, 0, 0, 1, 0.5, 0, -1, 0.25],
          [0, 1, 0, 1, 0.5, 0, 1, 0.25],
          [0, 0, 1, 1, 0.5, 1, 0, 0.25]]
# row i: token position i; small values so ids (up to 49407) give moderate numbers
TEXTUAL = [[((i * 8 + j) % 7 - 3) / 1000.0 for j in range(8)] for i in range(77)]


def model(nodes, inputs, outputs, initializers):
    graph = helper.make_graph(nodes, "clip-fixture", inputs, outputs, initializer=initializers)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                          producer_name="jinference tools/make-fixtures")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m.SerializeToString()


def visual():
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, 224, 224])
    y = helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 8])
    w = helper.make_tensor("w", TensorProto.FLOAT, [3, 8], [v for row in VISUAL for v in row])
    nodes = [helper.make_node("ReduceMean", ["input"], ["means"], axes=[2, 3], keepdims=0),
             helper.make_node("MatMul", ["means", "w"], ["output"])]
    return model(nodes, [x], [y], [w])


def textual(id_type):
    x = helper.make_tensor_value_info("input", id_type, ["batch", 77])
    y = helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 8])
    w = helper.make_tensor("w", TensorProto.FLOAT, [77, 8], [v for row in TEXTUAL for v in row])
    nodes = [helper.make_node("Cast", ["input"], ["ids"], to=TensorProto.FLOAT),
             helper.make_node("MatMul", ["ids", "w"], ["output"])]
    return model(nodes, [x], [y], [w])


def write(root, version, id_type):
    d = os.path.join(root, "clip", version)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "visual.onnx"), "wb") as f:
        f.write(visual())
    with open(os.path.join(d, "textual.onnx"), "wb") as f:
        f.write(textual(id_type))


if __name__ == "__main__":
    write(sys.argv[1], "ViT-B-16", TensorProto.INT64)
    write(sys.argv[1], "ViT-B-32", TensorProto.INT32)
