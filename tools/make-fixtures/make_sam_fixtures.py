#!/usr/bin/env python3
"""Builds small ONNX graphs with the inputs and outputs of Segment Anything (SAM 1)'s ONNX split, as MobileSAM's and
Meta's exports have them, for the SAM route tests: no SAM weights are reachable offline (docs/models.md says how to
bring real ones).

encoder.onnx: image f32[1,3,1024,1024] (SAM's input: the photo's longest side resized to 1024, ImageNet statistics,
  zero padding right and below) -> image_embeddings f32[1,256,64,64], the normalised red channel averaged over
  16 x 16 blocks (repeated over the channels).

decoder.onnx, Meta's `SamOnnxModel` interface with one mask: image_embeddings, point_coords f32[1,N,2] (in the 1024
  frame), point_labels f32[1,N], mask_input f32[1,1,256,256], has_mask_input f32[1], orig_im_size f32[2] (H, W)
  -> masks f32[1,1,H,W] (at the image's size), iou_predictions f32[1,1], low_res_masks f32[1,1,256,256].
  The mask is a disk of radius RADIUS (1024-frame pixels) around the mean of the points whose label is not -1:
  at the image's size `masks` is the disk alone (the frame's scale is 1024 / max(H, W)); `low_res_masks` (over
  the padded 1024 frame) is the disk cut to where the picture is bright (padding is dark), plus has_mask_input *
  mask_input. iou_predictions is IOU, plus 0.05 where a mask input was given.

    python tools/make-fixtures/make_sam_fixtures.py server/src/test/resources/model-store
"""
import os
import sys

from onnx import TensorProto, helper

# the graph helpers SAM 2's fixtures use (same folder)
from make_sam2_fixtures import floats, ints, model

RADIUS = 100.0
IOU = 0.8


def encoder():
    x = helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, 1024, 1024])
    y = helper.make_tensor_value_info("image_embeddings", TensorProto.FLOAT, [1, 256, 64, 64])
    inits = [ints("c0", [0]), ints("c1", [1]), ints("ax1", [1]), ints("shape", [1, 256, 64, 64])]
    n = helper.make_node
    nodes = [n("Slice", ["image", "c0", "c1", "ax1"], ["red"]),
             n("AveragePool", ["red"], ["pooled"], kernel_shape=[16, 16], strides=[16, 16]),
             n("Expand", ["pooled", "shape"], ["image_embeddings"])]
    return model(nodes, [x], [y], inits, "sam-fixture")


def decoder():
    ins = [helper.make_tensor_value_info("image_embeddings", TensorProto.FLOAT, [1, 256, 64, 64]),
           helper.make_tensor_value_info("point_coords", TensorProto.FLOAT, [1, "num_points", 2]),
           helper.make_tensor_value_info("point_labels", TensorProto.FLOAT, [1, "num_points"]),
           helper.make_tensor_value_info("mask_input", TensorProto.FLOAT, [1, 1, 256, 256]),
           helper.make_tensor_value_info("has_mask_input", TensorProto.FLOAT, [1]),
           helper.make_tensor_value_info("orig_im_size", TensorProto.FLOAT, [2])]
    outs = [helper.make_tensor_value_info("masks", TensorProto.FLOAT, [1, 1, "H", "W"]),
            helper.make_tensor_value_info("iou_predictions", TensorProto.FLOAT, [1, 1]),
            helper.make_tensor_value_info("low_res_masks", TensorProto.FLOAT, [1, 1, 256, 256])]
    centres = [(j + 0.5) * 4.0 for j in range(256)]
    inits = [
        floats("minus1", [], [-1.0]), floats("one", [], [1.0]), floats("half", [], [0.5]),
        floats("frame", [], [1024.0]), floats("thousand", [], [1000.0]), floats("bonus", [], [0.05]),
        floats("radius", [], [RADIUS]), floats("iou", [1, 1], [IOU]),
        floats("lx", [1, 1, 1, 256], centres), floats("ly", [1, 1, 256, 1], centres),
        ints("i0", [0]), ints("i1", [1]), ints("ax1", [1]), ints("ax2", [2]),
        ints("row", [1, 1, 1, -1]), ints("col", [1, 1, -1, 1]), ints("one4", [1, 1, 1, 1]),
        floats("scales4", [4], [1.0, 1.0, 4.0, 4.0]),
    ]
    n = helper.make_node
    nodes = [
        n("Equal", ["point_labels", "minus1"], ["pad"]), n("Not", ["pad"], ["real"]),
        n("Cast", ["real"], ["wt"], to=TensorProto.FLOAT),
        n("ReduceSum", ["wt", "ax1"], ["wsum"], keepdims=1), n("Max", ["wsum", "one"], ["wdiv"]),
        n("Gather", ["point_coords", "i0"], ["xs3"], axis=2), n("Gather", ["point_coords", "i1"], ["ys3"], axis=2),
        n("Squeeze", ["xs3", "ax2"], ["xs"]), n("Squeeze", ["ys3", "ax2"], ["ys"]),
        n("Mul", ["xs", "wt"], ["wx"]), n("Mul", ["ys", "wt"], ["wy"]),
        n("ReduceSum", ["wx", "ax1"], ["sx"], keepdims=1), n("ReduceSum", ["wy", "ax1"], ["sy"], keepdims=1),
        n("Div", ["sx", "wdiv"], ["cx1"]), n("Div", ["sy", "wdiv"], ["cy1"]),
        n("Reshape", ["cx1", "one4"], ["cx"]), n("Reshape", ["cy1", "one4"], ["cy"]),
        # low resolution, over the padded 1024 frame
        n("Sub", ["lx", "cx"], ["ldx"]), n("Sub", ["ly", "cy"], ["ldy"]),
        n("Mul", ["ldx", "ldx"], ["ldx2"]), n("Mul", ["ldy", "ldy"], ["ldy2"]),
        n("Add", ["ldx2", "ldy2"], ["ld2"]), n("Sqrt", ["ld2"], ["ldist"]), n("Sub", ["radius", "ldist"], ["ldisk"]),
        n("Slice", ["image_embeddings", "i0", "i1", "ax1"], ["red"]),
        n("Resize", ["red", "", "scales4"], ["red256"], mode="nearest"),
        n("Mul", ["red256", "thousand"], ["bright0"]), n("Sub", ["bright0", "one"], ["bright"]),
        n("Min", ["ldisk", "bright"], ["lbase"]),
        n("Mul", ["has_mask_input", "mask_input"], ["prior"]),
        n("Add", ["lbase", "prior"], ["low_res_masks"]),
        # at the image's size: pixel centres scaled by 1024 / max(H, W)
        n("Gather", ["orig_im_size", "i0"], ["h1"]), n("Gather", ["orig_im_size", "i1"], ["w1"]),
        n("Squeeze", ["h1"], ["h"]), n("Squeeze", ["w1"], ["w"]),
        n("Max", ["h", "w"], ["longest"]), n("Div", ["frame", "longest"], ["scale"]),
        n("Range", ["half", "w", "one"], ["px"]), n("Range", ["half", "h", "one"], ["py"]),
        n("Mul", ["px", "scale"], ["fx0"]), n("Mul", ["py", "scale"], ["fy0"]),
        n("Reshape", ["fx0", "row"], ["fx"]), n("Reshape", ["fy0", "col"], ["fy"]),
        n("Sub", ["fx", "cx"], ["dx"]), n("Sub", ["fy", "cy"], ["dy"]),
        n("Mul", ["dx", "dx"], ["dx2"]), n("Mul", ["dy", "dy"], ["dy2"]),
        n("Add", ["dx2", "dy2"], ["d2"]), n("Sqrt", ["d2"], ["dist"]), n("Sub", ["radius", "dist"], ["masks"]),
        n("Mul", ["has_mask_input", "bonus"], ["more"]), n("Add", ["iou", "more"], ["iou_predictions"]),
    ]
    return model(nodes, ins, outs, inits, "sam-fixture")


def write(root, version):
    d = os.path.join(root, "sam", version)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "encoder.onnx"), "wb") as f:
        f.write(encoder())
    with open(os.path.join(d, "decoder.onnx"), "wb") as f:
        f.write(decoder())


if __name__ == "__main__":
    write(sys.argv[1], "vit_b")
