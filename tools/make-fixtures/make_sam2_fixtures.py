#!/usr/bin/env python3
"""Builds small ONNX graphs with the inputs and outputs of SAM 2's ONNX split (an image encoder and a prompt decoder,
as the common exports have them) for the SAM 2 route tests: no SAM 2 weights are reachable offline (docs/models.md
says how to bring real ones).

encoder.onnx: image f32[1,3,1024,1024] (SAM 2's input: the photo resized to 1024 x 1024, RGB, ImageNet statistics)
  -> high_res_feats_0 f32[1,32,256,256], high_res_feats_1 f32[1,64,128,128], image_embed f32[1,256,64,64]; each
  is the normalised red channel averaged over 4 x 4, 8 x 8 and 16 x 16 blocks, repeated over the channels.

decoder.onnx: image_embed, high_res_feats_0, high_res_feats_1, point_coords f32[B,N,2] (in the 1024 x 1024 frame),
  point_labels f32[B,N], mask_input f32[B,1,256,256], has_mask_input f32[B]
  -> masks f32[B,4,256,256] (low-resolution logits over the 1024 x 1024 frame), iou_predictions f32[B,4].
  Mask k of a prompt row is a disk of radius RADII[k] (1024-frame pixels) around the mean of the row's points whose
  label is not -1 (a box's two corners average to its centre), cut to where the image is bright:
  min(RADII[k] - distance, 1000 * high_res_feats_0), plus has_mask_input * mask_input. iou_predictions are IOUS,
  plus 0.05 where a mask input was given. So a test knows every mask from the prompts and the picture alone.

    python tools/make-fixtures/make_sam2_fixtures.py server/src/test/resources/model-store
"""
import os
import sys

import onnx
from onnx import TensorProto, helper

RADII = [100.0, 60.0, 120.0, 80.0]
IOUS = [0.5, 0.7, 0.9, 0.6]


def model(nodes, inputs, outputs, initializers, name="sam2-fixture"):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=initializers)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                          producer_name="jinference tools/make-fixtures")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m.SerializeToString()


def ints(name, values):
    return helper.make_tensor(name, TensorProto.INT64, [len(values)], values)


def floats(name, dims, values):
    return helper.make_tensor(name, TensorProto.FLOAT, dims, values)


def encoder():
    x = helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, 1024, 1024])
    outs = [helper.make_tensor_value_info("high_res_feats_0", TensorProto.FLOAT, [1, 32, 256, 256]),
            helper.make_tensor_value_info("high_res_feats_1", TensorProto.FLOAT, [1, 64, 128, 128]),
            helper.make_tensor_value_info("image_embed", TensorProto.FLOAT, [1, 256, 64, 64])]
    inits = [ints("c0", [0]), ints("c1", [1]), ints("ax1", [1]),
             ints("s0", [1, 32, 256, 256]), ints("s1", [1, 64, 128, 128]), ints("s2", [1, 256, 64, 64])]
    nodes = [helper.make_node("Slice", ["image", "c0", "c1", "ax1"], ["red"])]
    for name, k, shape in (("high_res_feats_0", 4, "s0"), ("high_res_feats_1", 8, "s1"), ("image_embed", 16, "s2")):
        nodes.append(helper.make_node("AveragePool", ["red"], [name + "_1"], kernel_shape=[k, k], strides=[k, k]))
        nodes.append(helper.make_node("Expand", [name + "_1", shape], [name]))
    return model(nodes, [x], outs, inits)


def decoder():
    ins = [helper.make_tensor_value_info("image_embed", TensorProto.FLOAT, [1, 256, 64, 64]),
           helper.make_tensor_value_info("high_res_feats_0", TensorProto.FLOAT, [1, 32, 256, 256]),
           helper.make_tensor_value_info("high_res_feats_1", TensorProto.FLOAT, [1, 64, 128, 128]),
           helper.make_tensor_value_info("point_coords", TensorProto.FLOAT, ["num_labels", "num_points", 2]),
           helper.make_tensor_value_info("point_labels", TensorProto.FLOAT, ["num_labels", "num_points"]),
           helper.make_tensor_value_info("mask_input", TensorProto.FLOAT, ["num_labels", 1, 256, 256]),
           helper.make_tensor_value_info("has_mask_input", TensorProto.FLOAT, ["num_labels"])]
    outs = [helper.make_tensor_value_info("masks", TensorProto.FLOAT, ["num_labels", 4, 256, 256]),
            helper.make_tensor_value_info("iou_predictions", TensorProto.FLOAT, ["num_labels", 4])]
    centres = [(j + 0.5) * 4.0 for j in range(256)]
    inits = [
        floats("minus1", [], [-1.0]), floats("one", [], [1.0]), floats("zero", [], [0.0]),
        floats("thousand", [], [1000.0]), floats("bonus", [], [0.05]),
        floats("gx", [1, 1, 1, 256], centres), floats("gy", [1, 1, 256, 1], centres),
        floats("radii", [1, 4, 1, 1], RADII), floats("ious", [1, 4], IOUS),
        ints("i0", [0]), ints("i1", [1]), ints("ax2", [2]), ints("ax1", [1]),
        ints("col", [-1, 1, 1, 1]), ints("row", [-1, 1]),
    ]
    n = helper.make_node
    nodes = [
        # weights: 1 for a point whose label is not -1
        n("Equal", ["point_labels", "minus1"], ["pad"]),
        n("Not", ["pad"], ["real"]),
        n("Cast", ["real"], ["w"], to=TensorProto.FLOAT),
        n("ReduceSum", ["w", "ax1"], ["wsum"], keepdims=1),
        n("Max", ["wsum", "one"], ["wdiv"]),
        n("Gather", ["point_coords", "i0"], ["xs3"], axis=2),
        n("Gather", ["point_coords", "i1"], ["ys3"], axis=2),
        n("Squeeze", ["xs3", "ax2"], ["xs"]),
        n("Squeeze", ["ys3", "ax2"], ["ys"]),
        n("Mul", ["xs", "w"], ["wx"]), n("Mul", ["ys", "w"], ["wy"]),
        n("ReduceSum", ["wx", "ax1"], ["sx"], keepdims=1), n("ReduceSum", ["wy", "ax1"], ["sy"], keepdims=1),
        n("Div", ["sx", "wdiv"], ["cx"]), n("Div", ["sy", "wdiv"], ["cy"]),
        n("Reshape", ["cx", "col"], ["cx4"]), n("Reshape", ["cy", "col"], ["cy4"]),
        n("Sub", ["gx", "cx4"], ["dx"]), n("Sub", ["gy", "cy4"], ["dy"]),
        n("Mul", ["dx", "dx"], ["dx2"]), n("Mul", ["dy", "dy"], ["dy2"]),
        n("Add", ["dx2", "dy2"], ["d2"]), n("Sqrt", ["d2"], ["dist"]),
        n("Sub", ["radii", "dist"], ["disk"]),
        # the picture: bright where the normalised red channel is above 0
        n("Slice", ["high_res_feats_0", "i0", "i1", "ax1"], ["red"]),
        n("Mul", ["red", "thousand"], ["bright"]),
        n("Min", ["disk", "bright"], ["base"]),
        n("Reshape", ["has_mask_input", "col"], ["has4"]),
        n("Mul", ["has4", "mask_input"], ["prior"]),
        n("Add", ["base", "prior"], ["masks"]),
        # the other features are inputs of the graph, as in a real decoder; they add nothing
        n("ReduceMean", ["image_embed"], ["e"], keepdims=0),
        n("ReduceMean", ["high_res_feats_1"], ["h1"], keepdims=0),
        n("Add", ["e", "h1"], ["eh"]), n("Mul", ["eh", "zero"], ["nothing"]),
        n("Reshape", ["has_mask_input", "row"], ["has2"]),
        n("Mul", ["has2", "bonus"], ["more"]),
        n("Add", ["ious", "more"], ["iou1"]),
        n("Add", ["iou1", "nothing"], ["iou_predictions"]),
    ]
    return model(nodes, ins, outs, inits)


def write(root, version):
    d = os.path.join(root, "sam2", version)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "encoder.onnx"), "wb") as f:
        f.write(encoder())
    with open(os.path.join(d, "decoder.onnx"), "wb") as f:
        f.write(decoder())


if __name__ == "__main__":
    write(sys.argv[1], "hiera_tiny")
