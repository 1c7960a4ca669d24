"""Dynamic int8 quantization of an exported token classifier, with plain `onnx` (onnxruntime's Python
quantizer is not available from Debian's packages).

    /usr/bin/python3 training/quantize.py models/minibert-tab-ner

Rewrites every MatMul whose right operand is a constant weight [K, N] the way onnxruntime's
`quantize_dynamic` does: the activation is quantized at run time (DynamicQuantizeLinear, uint8),
the weight once here (symmetric int8, one scale per output column), MatMulInteger multiplies, and
the int32 result is rescaled to float. Writes onnx/model_quantized.onnx next to onnx/model.onnx,
which Transformers.js loads for dtype 'q8'. The word-embedding table is stored as int8 rows with a
per-row scale; position/type embeddings, LayerNorm and the attention products stay fp32.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def quantize(model_dir: Path) -> Path:
    source = model_dir / "onnx" / "model.onnx"
    target = model_dir / "onnx" / "model_quantized.onnx"
    model = onnx.load(str(source))
    graph = model.graph
    initializers = {init.name: init for init in graph.initializer}
    # Some exporters keep nn.Linear weights as [out, in] behind a Transpose node: see through it.
    transposed = {}
    for node in graph.node:
        perm = next((list(a.ints) for a in node.attribute if a.name == "perm"), None)
        if node.op_type == "Transpose" and node.input[0] in initializers and perm == [1, 0]:
            transposed[node.output[0]] = initializers[node.input[0]]
    new_nodes = []
    replaced = 0
    for node in graph.node:
        table = initializers.get(node.input[0]) if node.op_type == "Gather" else None
        if table is not None and len(table.dims) == 2 and table.dims[0] >= 4096:
            # The word-embedding table (4.2M of 9M parameters): int8 rows with one scale per row,
            # gathered first and rescaled after, so only the looked-up rows are dequantized.
            e = numpy_helper.to_array(table).astype(np.float32)
            e_scale = np.maximum(np.abs(e).max(axis=1), 1e-8) / 127.0
            e_q = np.clip(np.round(e / e_scale[:, None]), -127, 127).astype(np.int8)
            base = f"{table.name}_q{replaced}"
            graph.initializer.extend([
                numpy_helper.from_array(e_q, f"{base}_int8"),
                numpy_helper.from_array(e_scale.astype(np.float32), f"{base}_scale"),
                numpy_helper.from_array(np.array([-1], dtype=np.int64), f"{base}_last_axis"),
            ])
            ids = node.input[1]
            new_nodes += [
                helper.make_node("Gather", [f"{base}_int8", ids], [f"{base}_rows"], name=f"{base}_gather"),
                helper.make_node("Cast", [f"{base}_rows"], [f"{base}_rows_float"], to=TensorProto.FLOAT, name=f"{base}_cast"),
                helper.make_node("Gather", [f"{base}_scale", ids], [f"{base}_row_scale"], name=f"{base}_gather_scale"),
                helper.make_node("Unsqueeze", [f"{base}_row_scale", f"{base}_last_axis"], [f"{base}_row_scale_1"], name=f"{base}_unsqueeze"),
                helper.make_node("Mul", [f"{base}_rows_float", f"{base}_row_scale_1"], [node.output[0]], name=f"{base}_rescale"),
            ]
            replaced += 1
            continue
        is_matmul = node.op_type == "MatMul" and len(node.input) == 2
        weight = (initializers.get(node.input[1]) or transposed.get(node.input[1])) if is_matmul else None
        if weight is None or len(weight.dims) != 2:
            new_nodes.append(node)
            continue
        w = numpy_helper.to_array(weight).astype(np.float32)
        if node.input[1] in transposed:
            w = w.T
        # Symmetric per-column int8: zero point 0, scale = max|w| / 127 for each output column.
        w_scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127.0
        w_q = np.clip(np.round(w / w_scale), -127, 127).astype(np.int8)
        base = f"{weight.name}_q{replaced}"
        graph.initializer.extend([
            numpy_helper.from_array(w_q, f"{base}_int8"),
            numpy_helper.from_array(w_scale.astype(np.float32), f"{base}_scale"),
            numpy_helper.from_array(np.zeros(w.shape[1], dtype=np.int8), f"{base}_zero"),
        ])
        a = node.input[0]
        tag = f"{node.name or base}_{replaced}"
        new_nodes += [
            helper.make_node("DynamicQuantizeLinear", [a], [f"{tag}_a_q", f"{tag}_a_scale", f"{tag}_a_zero"], name=f"{tag}_dql"),
            helper.make_node("MatMulInteger", [f"{tag}_a_q", f"{base}_int8", f"{tag}_a_zero", f"{base}_zero"], [f"{tag}_int32"], name=f"{tag}_mmi"),
            helper.make_node("Cast", [f"{tag}_int32"], [f"{tag}_float"], to=TensorProto.FLOAT, name=f"{tag}_cast"),
            helper.make_node("Mul", [f"{tag}_a_scale", f"{base}_scale"], [f"{tag}_scale"], name=f"{tag}_scale_mul"),
            helper.make_node("Mul", [f"{tag}_float", f"{tag}_scale"], [node.output[0]], name=f"{tag}_rescale"),
        ]
        replaced += 1
    used = {name for n in new_nodes for name in n.input}
    new_nodes = [n for n in new_nodes if not (n.op_type == "Transpose" and n.output[0] in transposed and n.output[0] not in used)]
    used = {name for n in new_nodes for name in n.input}
    kept = [init for init in graph.initializer if init.name in used]
    del graph.node[:]
    graph.node.extend(new_nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    onnx.checker.check_model(model)
    onnx.save(model, str(target))
    print(f"{target}: {replaced} MatMul/embedding nodes quantized, {target.stat().st_size / 1e6:.1f} MB (fp32 {source.stat().st_size / 1e6:.1f} MB)")
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: quantize.py MODEL_DIR")
    quantize(Path(sys.argv[1]))
