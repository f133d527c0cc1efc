#!/usr/bin/env python3
"""Builds the ONNX fixtures FastNeuron.Onnx.Tests read, and checks the exported ones.

Run with Debian's python3-torch and python3-onnx (no pip):  /usr/bin/python3 make_fixtures.py
Each fixture is a folder like ONNX's own backend tests: model.onnx, test_data_set_0/input_0.pb and output_0.pb,
the inputs and the outputs PyTorch (or numpy, for the onnx.helper graphs) computes. The tests need no Python.
Then every exported/*.onnx (written by the C# exporter, see OnnxExportTests) goes through onnx.checker's full check.
"""
import os
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = 16


def save(name, model_path_or_proto, inputs, outputs, check=True):
    folder = os.path.join(HERE, name)
    os.makedirs(os.path.join(folder, "test_data_set_0"), exist_ok=True)
    path = os.path.join(folder, "model.onnx")
    if isinstance(model_path_or_proto, onnx.ModelProto):
        onnx.save(model_path_or_proto, path)
    if check:
        onnx.checker.check_model(onnx.load(path), full_check=True)
    with open(os.path.join(folder, "test_data_set_0", "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(inputs, "input").SerializeToString())
    with open(os.path.join(folder, "test_data_set_0", "output_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(outputs, "output").SerializeToString())
    print(f"{name}: {inputs.shape} -> {outputs.shape}")


def torch_fixture(name, module, input_shape, opset, seed, spread=True):
    torch.manual_seed(seed)
    for p in module.parameters():
        if spread:
            # Wider than PyTorch's default initialisation on these small layers, so the outputs are not all near 0.
            torch.nn.init.uniform_(p, -0.6, 0.6)
        else:
            torch.nn.init.uniform_(p, -0.08, 0.08)
    module.eval()
    x = torch.randn((ROWS,) + tuple(input_shape), generator=torch.Generator().manual_seed(seed + 1))
    with torch.no_grad():
        y = module(x)
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    torch.onnx.export(module, x, os.path.join(folder, "model.onnx"), opset_version=opset,
                      input_names=["input"], output_names=["output"], do_constant_folding=True,
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    save(name, None, x.numpy(), y.numpy())


class MatMulAdd(torch.nn.Module):
    """A linear layer written as x @ W + b, which torch exports as MatMul and Add rather than Gemm."""

    def __init__(self, inputs, units):
        super().__init__()
        self.w = torch.nn.Parameter(torch.empty(inputs, units))
        self.b = torch.nn.Parameter(torch.empty(units))

    def forward(self, x):
        return torch.matmul(x, self.w) + self.b


def torch_fixtures():
    nn = torch.nn
    torch_fixture("torch_64_32_10_relu_softmax_opset13",
                  nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10), nn.Softmax(dim=1)), (64,), 13, 1)
    torch_fixture("torch_784_256_128_10_relu_softmax_opset17",
                  nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10), nn.Softmax(dim=-1)),
                  (784,), 17, 2, spread=False)
    torch_fixture("torch_sigmoid_tanh_dropout_opset9",
                  nn.Sequential(nn.Linear(8, 16), nn.Sigmoid(), nn.Dropout(0.3), nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 1)), (8,), 9, 3)
    torch_fixture("torch_flatten_leakyrelu_softmax_opset11",
                  nn.Sequential(nn.Flatten(), nn.Linear(16, 12), nn.LeakyReLU(), nn.Linear(12, 5), nn.Softmax(dim=1)), (1, 4, 4), 11, 4)
    torch_fixture("torch_identity_logsoftmax_opset12",
                  nn.Sequential(nn.Identity(), nn.Linear(6, 9), nn.ReLU(), nn.Linear(9, 4), nn.LogSoftmax(dim=1)), (6,), 12, 5)
    torch_fixture("torch_matmul_add_tanh_opset15",
                  nn.Sequential(MatMulAdd(5, 7), nn.Tanh(), MatMulAdd(7, 3)), (5,), 15, 6)
    torch_fixture("torch_no_bias_sigmoid_opset10",
                  nn.Sequential(nn.Linear(4, 6, bias=False), nn.Sigmoid(), nn.Linear(6, 2, bias=False)), (4,), 10, 7)


def relu(z):
    return np.maximum(z, 0)


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def typed(name, array):
    """An initializer in the typed field (float_data or double_data), not raw_data."""
    data_type = TensorProto.DOUBLE if array.dtype == np.float64 else TensorProto.FLOAT
    return helper.make_tensor(name, data_type, array.shape, array.flatten().tolist(), raw=False)


def helper_mlp(name, opset, raw, seed, dropout):
    """scikit-learn's MLPClassifier as skl2onnx writes it: MatMul then Add per layer, ReLU, softmax output."""
    rng = np.random.default_rng(seed)
    sizes = [5, 7, 6, 3]
    weights = [rng.uniform(-0.8, 0.8, (sizes[i], sizes[i + 1])).astype(np.float32) for i in range(3)]
    biases = [rng.uniform(-0.3, 0.3, (sizes[i + 1],)).astype(np.float32) for i in range(3)]
    tensor = numpy_helper.from_array if raw else (lambda a, n: typed(n, a))
    initializers, nodes, current = [], [], "input"
    for i in range(3):
        initializers += [tensor(weights[i], f"coefficient{i}"), tensor(biases[i], f"intercepts{i}")]
        nodes.append(helper.make_node("MatMul", [current, f"coefficient{i}"], [f"mul{i}"], name=f"MatMul{i}"))
        nodes.append(helper.make_node("Add", [f"mul{i}", f"intercepts{i}"], [f"add{i}"], name=f"Add{i}"))
        current = f"add{i}"
        if i < 2:
            nodes.append(helper.make_node("Relu", [current], [f"relu{i}"], name=f"Relu{i}"))
            current = f"relu{i}"
            if dropout and i == 0:
                initializers += [numpy_helper.from_array(np.array(0.5, np.float32), "ratio"),
                                 numpy_helper.from_array(np.array(False), "training_mode")]
                nodes.append(helper.make_node("Dropout", [current, "ratio", "training_mode"], ["dropped"], name="Dropout0"))
                nodes.append(helper.make_node("Identity", ["dropped"], ["same"], name="Identity0"))
                current = "same"
    nodes.append(helper.make_node("Softmax", [current], ["output"], name="Softmax", axis=1))
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 5])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 3])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="onnx.helper")
    model.ir_version = 7
    x = np.random.default_rng(seed + 1).standard_normal((ROWS, 5)).astype(np.float32)
    a = x
    for i in range(3):
        a = a @ weights[i] + biases[i]
        a = relu(a) if i < 2 else softmax(a)
    # onnx 1.12's checker knows opsets up to 17; a newer opset is written but only ONNX Runtime checks it (tests).
    save(name, model, x, a.astype(np.float32), check=opset <= 17)


def helper_gemm_double(name):
    """A float64 graph with Gemm's attributes: transB 0, alpha 0.5, beta 2, C of shape [1, units]; typed double_data."""
    rng = np.random.default_rng(11)
    w0 = rng.uniform(-1, 1, (4, 6))
    b0 = rng.uniform(-0.5, 0.5, (1, 6))
    w1 = rng.uniform(-1, 1, (2, 6))   # transB 1: stored units × inputs
    b1 = rng.uniform(-0.5, 0.5, (2,))
    nodes = [
        helper.make_node("Gemm", ["input", "w0", "b0"], ["z0"], name="Gemm0", alpha=0.5, beta=2.0, transB=0),
        helper.make_node("Sigmoid", ["z0"], ["a0"], name="Sigmoid0"),
        helper.make_node("Gemm", ["a0", "w1", "b1"], ["output"], name="Gemm1", transB=1, alpha=1.5),
    ]
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("input", TensorProto.DOUBLE, ["batch", 4])],
                              [helper.make_tensor_value_info("output", TensorProto.DOUBLE, ["batch", 2])],
                              [typed("w0", w0), typed("b0", b0), typed("w1", w1), typed("b1", b1)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="onnx.helper")
    model.ir_version = 7
    x = np.random.default_rng(12).standard_normal((ROWS, 4))
    a = sigmoid(0.5 * (x @ w0) + 2.0 * b0)
    y = 1.5 * (a @ w1.T) + b1
    save(name, model, x, y)


def check_exported():
    folder = os.path.join(HERE, "exported")
    if not os.path.isdir(folder):
        return
    for file in sorted(os.listdir(folder)):
        if file.endswith(".onnx"):
            onnx.checker.check_model(onnx.load(os.path.join(folder, file)), full_check=True)
            print(f"exported/{file}: onnx.checker (full check) passed")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--check-exported":
        check_exported()
        sys.exit(0)
    torch_fixtures()
    helper_mlp("helper_matmul_add_raw_opset9", 9, raw=True, seed=21, dropout=False)
    helper_mlp("helper_matmul_add_typed_dropout_opset13", 13, raw=False, seed=22, dropout=True)
    helper_mlp("helper_matmul_add_opset21", 21, raw=True, seed=23, dropout=False)
    helper_gemm_double("helper_gemm_attributes_float64_opset14")
    check_exported()
