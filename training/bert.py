"""A plain PyTorch BERT encoder with a token-classification head.

Hugging Face `transformers` is not installed on the training machines, so this module re-implements
the BERT forward pass (post-LayerNorm, exact GELU) with the SAME parameter names as
`BertForTokenClassification` (`bert.embeddings.*`, `bert.encoder.layer.N.*`, `classifier.*`). That is
what lets it load minibert's ONNX initializers, which are named after those parameters, and what
makes the exported ONNX graph a drop-in `BertForTokenClassification` for Transformers.js.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn


@dataclass
class BertConfig:
    vocab_size: int
    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    intermediate_size: int
    max_position_embeddings: int
    type_vocab_size: int
    layer_norm_eps: float
    hidden_dropout_prob: float
    attention_probs_dropout_prob: float

    @staticmethod
    def from_json(path: Path) -> "BertConfig":
        raw = json.loads(Path(path).read_text())
        if raw.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"{path}: hidden_act {raw['hidden_act']!r} is not supported (only exact gelu)")
        return BertConfig(**{k: raw[k] for k in BertConfig.__dataclass_fields__})


class BertEmbeddings(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size, padding_idx=0)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.word_embeddings(input_ids) + self.position_embeddings(positions) + self.token_type_embeddings(token_type_ids)
        return self.dropout(self.LayerNorm(x))


class BertSelfAttention(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.heads = c.num_attention_heads
        self.head_size = c.hidden_size // c.num_attention_heads
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)
        self.dropout = nn.Dropout(c.attention_probs_dropout_prob)

    def split(self, x: torch.Tensor) -> torch.Tensor:
        b, n, _ = x.shape
        return x.view(b, n, self.heads, self.head_size).transpose(1, 2)

    def forward(self, x: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_size) + additive_mask
        context = self.dropout(scores.softmax(-1)) @ v
        b, _, n, _ = context.shape
        return context.transpose(1, 2).reshape(b, n, self.heads * self.head_size)


class BertSelfOutput(nn.Module):
    def __init__(self, c: BertConfig, inner: int):
        super().__init__()
        self.dense = nn.Linear(inner, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, h: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dropout(self.dense(h)) + residual)


class BertAttention(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.self = BertSelfAttention(c)
        self.output = BertSelfOutput(c, c.hidden_size)

    def forward(self, x: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        return self.output(self.self(x, additive_mask), x)


class BertIntermediate(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.intermediate_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return nn.functional.gelu(self.dense(x))


class BertLayer(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.attention = BertAttention(c)
        self.intermediate = BertIntermediate(c)
        self.output = BertSelfOutput(c, c.intermediate_size)

    def forward(self, x: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        a = self.attention(x, additive_mask)
        return self.output(self.intermediate(a), a)


class BertEncoder(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(c) for _ in range(c.num_hidden_layers)])

    def forward(self, x: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        for layer in self.layer:
            x = layer(x, additive_mask)
        return x


class BertModel(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.embeddings = BertEmbeddings(c)
        self.encoder = BertEncoder(c)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        # Padding gets a large negative score before the softmax, as in Hugging Face's BERT.
        additive = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
        return self.encoder(self.embeddings(input_ids, token_type_ids), additive)


class BertForTokenClassification(nn.Module):
    def __init__(self, c: BertConfig, num_labels: int):
        super().__init__()
        self.bert = BertModel(c)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)
        self.classifier = nn.Linear(c.hidden_size, num_labels)
        nn.init.normal_(self.classifier.weight, std=0.02)
        nn.init.zeros_(self.classifier.bias)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.dropout(self.bert(input_ids, attention_mask, token_type_ids)))


def _dropped_layer(name: str, kept: int) -> bool:
    parts = name.split(".")
    return len(parts) > 3 and parts[1] == "encoder" and parts[2] == "layer" and int(parts[3]) >= kept


def onnx_state_dict(onnx_path: Path) -> dict[str, torch.Tensor]:
    """Every initializer of the ONNX graph, by name (named after the PyTorch parameters). A Linear
    weight that torch's exporter stored transposed as an anonymous `onnx::MatMul_N` is renamed after
    its MatMul node (`/bert/encoder/layer.0/attention/self/query/MatMul` → `bert.encoder.layer.0.
    attention.self.query.weight`) and transposed back."""
    model = onnx.load(str(onnx_path))
    weights = {init.name: torch.from_numpy(np.array(numpy_helper.to_array(init))) for init in model.graph.initializer}
    for node in model.graph.node:
        anonymous = [name for name in node.input if name.startswith("onnx::MatMul_") and name in weights]
        if node.op_type == "MatMul" and anonymous and node.name.endswith("/MatMul"):
            module = node.name.strip("/").removesuffix("/MatMul").replace("/", ".")
            weights[f"{module}.weight"] = weights.pop(anonymous[0]).T.contiguous()
    return weights


def load_pretrained(model_dir: Path, num_labels: int, layers: int | None = None) -> BertForTokenClassification:
    """Builds the classifier and fills its encoder from the base model's `onnx/model.onnx`. With
    `layers`, only the lowest N encoder layers are kept: a shallower model that costs N/L of the
    encoder's time (the distilled-BERT recipe of taking a subset of the teacher's layers)."""
    config = pretrained_config(model_dir, layers)
    model = BertForTokenClassification(config, num_labels)
    load_encoder_weights(model, model_dir)
    return model


def pretrained_config(model_dir: Path, layers: int | None = None) -> BertConfig:
    """The base model's config, with only the lowest `layers` encoder layers when given."""
    model_dir = Path(model_dir)
    config = BertConfig.from_json(model_dir / "config.json")
    if layers is not None:
        if not 1 <= layers <= config.num_hidden_layers:
            raise ValueError(f"layers must be in 1..{config.num_hidden_layers} for {model_dir} (got {layers})")
        config.num_hidden_layers = layers
    return config


def load_encoder_weights(model: nn.Module, model_dir: Path) -> None:
    """Fills `model.bert` (any head around a `BertModel` named `bert`) from the base model's
    `onnx/model.onnx`; encoder layers the model does not have are skipped."""
    model_dir = Path(model_dir)
    kept = len(model.bert.encoder.layer)
    weights = {k: v for k, v in onnx_state_dict(model_dir / "onnx" / "model.onnx").items()
               if k.startswith("bert.") and not _dropped_layer(k, kept)}
    missing, unexpected = model.load_state_dict(weights, strict=False)
    missing_encoder = [k for k in missing if k.startswith("bert.")]
    if missing_encoder or unexpected:
        raise ValueError(f"{model_dir}/onnx/model.onnx: missing encoder weights {missing_encoder[:5]}, unexpected {unexpected[:5]}")


def optimizer_step(model: nn.Module, loss: torch.Tensor, optimizer: torch.optim.Optimizer, schedule, max_norm: float = 1.0) -> float:
    """One training step of every trainer here: gradients, clipping at `max_norm`, the optimizer and
    learning-rate schedule steps. Returns the loss value (for the running mean)."""
    optimizer.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    optimizer.step()
    schedule.step()
    return loss.item()


def export_token_classifier(model: nn.Module, onnx_path: Path, first_id: int, vocab_size: int, bos_id: int, eos_id: int, pad_id: int):
    """Exports a token classifier to ONNX (opset 17, Transformers.js inputs, dynamic batch and
    sequence) and returns a probe for the onnxruntime check: two random sequences (ids from
    `first_id` up to `vocab_size`), the second padded so the check covers the attention mask, and
    PyTorch's logits on them."""
    model.eval()
    gen = torch.Generator().manual_seed(0)
    ids = torch.randint(first_id, vocab_size, (2, 37), generator=gen)
    ids[:, 0], ids[:, -1] = bos_id, eos_id
    mask = torch.ones_like(ids)
    mask[1, 30:] = 0
    ids[1, 30:] = pad_id
    tti = torch.zeros_like(ids)
    torch.onnx.export(
        model, (ids, mask, tti), str(onnx_path),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={n: {0: "batch", 1: "sequence"} for n in ["input_ids", "attention_mask", "token_type_ids", "logits"]},
        opset_version=17, do_constant_folding=True,
    )
    with torch.no_grad():
        reference = model(ids, mask, tti)
    return {"input_ids": ids.tolist(), "attention_mask": mask.tolist(), "logits": reference.tolist()}
