"""Fine-tunes minibert-en-cased as a span classifier (paper §5.2, which fine-tunes ELECTRA inside
AutoGluon's multimodal predictor): a window of word-pieces around a gold span → one logit, MASK
(1) against NO_MASK (0). Seeded; CPU; plain PyTorch (training/bert.py).

    SANITEXT_DATA_DIR=/path/to/datasets npx tsx training/export-span-examples.ts tab144:train --heldout tab144:dev
    OPENBLAS_NUM_THREADS=2 nice -n 10 /usr/bin/python3 training/train_span_classifier.py \\
        --examples .cache/training/span-tab144_train.json --out models/minibert-tab-span [--epochs N] [--layers N] ...

The head reads the last hidden states: [CLS] concatenated with the mean over the span's pieces
(`span_mask`), dropout, then a weighted sum → one logit. The head is written as an elementwise
product and a sum, not a MatMul, so training/quantize.py leaves it (512 weights) in fp32 and only
the encoder is int8. The held-out split (--examples' `heldout`, e.g. tab144's dev documents) is
scored after every epoch (F1 at P ≥ 0.5, ROC AUC); the epoch with the best held-out AUC is kept.
Writes <out>/config.json (`span_classifier`: window, pooling, training data and its digest),
the tokenizer files, onnx/model_quantized.onnx (int8; the fp32 graph is deleted unless
--keep-fp32), train_log.json and README.md.
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import shlex
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bert import BertConfig, BertModel, load_encoder_weights, optimizer_step, pretrained_config  # noqa: E402
from quantize import quantize  # noqa: E402
from train_trir_attacker import verify  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


class BertSpanClassifier(nn.Module):
    """BERT encoder → [CLS] ⊕ mean over the span's pieces → one logit (P(MASK) = sigmoid)."""

    def __init__(self, c: BertConfig):
        super().__init__()
        self.bert = BertModel(c)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)
        self.weight = nn.Parameter(torch.randn(2 * c.hidden_size) * 0.02)
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor, span_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.bert(input_ids, attention_mask, token_type_ids)
        span = (span_mask.unsqueeze(1) @ hidden).squeeze(1) / span_mask.sum(1, keepdim=True).clamp(min=1.0)
        features = self.dropout(torch.cat([hidden[:, 0], span], dim=-1))
        return (features * self.weight).sum(-1) + self.bias


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--examples", type=Path, required=True, help="the export of training/export-span-examples.ts")
    p.add_argument("--out", type=Path, required=True, help="artefact folder, e.g. models/minibert-tab-span")
    p.add_argument("--base", type=Path, default=REPO / "models" / "minibert-en-cased")
    p.add_argument("--layers", type=int, default=0, help="keep only the lowest N encoder layers (0: all)")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--lr", type=float, default=5e-5, help="encoder learning rate")
    p.add_argument("--head-lr", type=float, default=1e-3, help="learning rate of the new head")
    p.add_argument("--warmup", type=float, default=0.1, help="fraction of steps with linear warm-up")
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--freeze-embeddings", action="store_true", help="keep the embedding layer fixed (4.2M of 9M parameters; faster on CPU)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--max-steps", type=int, default=0, help="stop after N steps (timing runs: nothing is written); 0 = all")
    p.add_argument("--keep-fp32", action="store_true", help="keep onnx/model.onnx next to the int8 graph")
    return p.parse_args()


def tensors(examples, pad_id: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Padded input ids, attention mask, span mask (float) and labels of a list of examples."""
    width = max(len(e[1]) for e in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(examples), width), dtype=torch.long)
    span = torch.zeros((len(examples), width), dtype=torch.float32)
    for r, (_, pieces, start, end, _doc) in enumerate(examples):
        ids[r, :len(pieces)] = torch.tensor(pieces)
        mask[r, :len(pieces)] = 1
        span[r, start:end] = 1.0
    labels = torch.tensor([float(e[0]) for e in examples])
    return ids, mask, span, labels


@torch.no_grad()
def predict(model: BertSpanClassifier, examples, pad_id: int, batch_size: int = 64) -> np.ndarray:
    model.eval()
    order = sorted(range(len(examples)), key=lambda i: len(examples[i][1]))  # similar lengths together: less padding
    out = np.zeros(len(examples))
    for b in range(0, len(order), batch_size):
        chunk = order[b:b + batch_size]
        ids, mask, span, _ = tensors([examples[i] for i in chunk], pad_id)
        out[chunk] = torch.sigmoid(model(ids, mask, torch.zeros_like(ids), span)).numpy()
    return out


def auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """ROC AUC as the Mann-Whitney statistic (ties count one half)."""
    pos, neg = scores[labels == 1], scores[labels == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def heldout_figures(labels: np.ndarray, probabilities: np.ndarray) -> dict:
    decided = probabilities >= 0.5
    tp = int((decided & (labels == 1)).sum())
    precision = tp / max(1, int(decided.sum()))
    recall = tp / max(1, int((labels == 1).sum()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "auc": round(auc(labels, probabilities), 4),
            "accuracy": round(float((decided == (labels == 1)).mean()), 4), "spans": int(len(labels))}


def export(model: BertSpanClassifier, out: Path, raw_config: dict, data: dict, args, train_log: dict, pad_id: int) -> dict:
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    model.eval()
    # Probe: two real training windows, padded to a common width (the check covers the attention and span masks).
    gen = random.Random(0)
    rows = [gen.choice(data["examples"]) for _ in range(2)]
    ids, mask, span, _ = tensors(rows, pad_id)
    tti = torch.zeros_like(ids)
    fp32 = out / "onnx" / "model.onnx"
    torch.onnx.export(
        model, (ids, mask, tti, span), str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids", "span_mask"], output_names=["logits"],
        dynamic_axes={**{n: {0: "batch", 1: "sequence"} for n in ["input_ids", "attention_mask", "token_type_ids", "span_mask"]}, "logits": {0: "batch"}},
        opset_version=17, do_constant_folding=True,
    )
    with torch.no_grad():
        reference = model(ids, mask, tti, span)
    config = dict(raw_config)
    config.update({
        "architectures": ["BertSpanClassifier"],
        "num_hidden_layers": len(model.bert.encoder.layer),
        "id2label": {"0": "NO_MASK", "1": "MASK"},
        "label2id": {"NO_MASK": 0, "MASK": 1},
        "tie_word_embeddings": False,
        "span_classifier": {
            "window": data["window"],
            "pooling": "[CLS] ⊕ mean of the last hidden states over the span's pieces; logit = w·features + b; P(MASK) = sigmoid(logit)",
            "inputs": ["input_ids", "attention_mask", "token_type_ids", "span_mask"],
            "training_dataset": data["dataset"],
            "training_documents": len(data["documents"]),
            "training_digest": data["digest"],
            "training_spans": len(data["examples"]),
            "heldout_dataset": data["heldout_dataset"],
            "heldout_digest": data["heldout_digest"],
            "seed": args.seed,
            "epochs": args.epochs,
            "best_epoch": train_log["best_epoch"],
        },
    })
    for key in ["use_cache", "is_decoder", "add_cross_attention", "transformers_version"]:
        config.pop(key, None)
    (out / "config.json").write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n")
    for name in ["tokenizer.json", "tokenizer_config.json"]:
        shutil.copyfile(args.base / name, out / name)
    # verify-onnx.ts reads logits as [row][position][label]: one "position" per row here, at an unpadded position.
    probe = {"input_ids": ids.tolist(), "attention_mask": mask.tolist(), "span_mask": span.tolist(), "logits": [[[v]] for v in reference.tolist()]}
    probe_file = REPO / ".cache" / "training" / f"{out.name}-probe.json"
    probe_file.parent.mkdir(parents=True, exist_ok=True)
    probe_file.write_text(json.dumps(probe))
    check = {"fp32": verify(fp32, probe_file)}
    if check["fp32"]["max_abs_diff"] > 1e-3:
        raise RuntimeError(f"{fp32} differs from PyTorch by {check['fp32']['max_abs_diff']}")
    quantized = quantize(out)
    check["int8"] = verify(quantized, probe_file)
    if not args.keep_fp32:
        fp32.unlink()
    return check


def main() -> None:
    args = parse_args()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    data = json.loads(args.examples.read_text())
    examples, heldout = data["examples"], data["heldout"]
    tokenizer_config = json.loads((args.base / "tokenizer_config.json").read_text())
    vocab = json.loads((args.base / "tokenizer.json").read_text())["model"]["vocab"]
    pad_id = vocab[tokenizer_config.get("pad_token", "[PAD]")]
    config = pretrained_config(args.base, args.layers or None)
    if data["window"] > config.max_position_embeddings:
        raise ValueError(f"window {data['window']} exceeds max_position_embeddings {config.max_position_embeddings}")
    model = BertSpanClassifier(config)
    load_encoder_weights(model, args.base)
    raw_config = json.loads((args.base / "config.json").read_text())
    if args.freeze_embeddings:
        model.bert.embeddings.requires_grad_(False)
    head = [model.weight, model.bias]
    decay = [p for n, p in model.bert.named_parameters() if p.requires_grad and not ("LayerNorm" in n or n.endswith("bias"))]
    no_decay = [p for n, p in model.bert.named_parameters() if p.requires_grad and ("LayerNorm" in n or n.endswith("bias"))]
    optimizer = torch.optim.AdamW([
        {"params": decay, "lr": args.lr, "weight_decay": args.weight_decay},
        {"params": no_decay, "lr": args.lr, "weight_decay": 0.0},
        {"params": head, "lr": args.head_lr, "weight_decay": 0.0},
    ])
    steps_per_epoch = (len(examples) + args.batch_size - 1) // args.batch_size
    total = args.max_steps or steps_per_epoch * args.epochs
    warmup = max(1, int(args.warmup * total))
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup))))
    loss_fn = nn.BCEWithLogitsLoss()
    rng = random.Random(args.seed)
    heldout_labels = np.array([e[0] for e in heldout])
    log = {"examples": str(args.examples), "train_spans": len(examples), "heldout_spans": len(heldout), "steps_per_epoch": steps_per_epoch,
           "threads": args.threads, "layers": len(model.bert.encoder.layer), "epochs": []}
    print(f"{len(examples)} training spans, {len(heldout)} held-out; {total} steps of {args.batch_size}", flush=True)
    started = time.time()
    step = 0
    best = None
    for epoch in range(1, args.epochs + 1):
        model.train()
        epoch_start = time.time()
        order = list(range(len(examples)))
        rng.shuffle(order)
        epoch_loss, batches = 0.0, 0
        for b in range(0, len(order), args.batch_size):
            ids, mask, span, labels = tensors([examples[i] for i in order[b:b + args.batch_size]], pad_id)
            loss = loss_fn(model(ids, mask, torch.zeros_like(ids), span), labels)
            epoch_loss += optimizer_step(model, loss, optimizer, schedule)
            step += 1
            batches += 1
            if step % 20 == 0:
                print(f"step {step}/{total} loss {epoch_loss / batches:.4f} {time.time() - started:.0f}s", flush=True)
            if step >= total:
                break
        if args.max_steps:
            print(json.dumps({"timing": f"{step} steps in {time.time() - started:.1f} s", "seconds_per_step": round((time.time() - started) / step, 3)}))
            return
        entry = {"epoch": epoch, "steps": step, "train_loss": round(epoch_loss / max(1, batches), 4), "seconds": round(time.time() - epoch_start, 1)}
        if heldout:
            entry["heldout"] = heldout_figures(heldout_labels, predict(model, heldout, pad_id))
            if best is None or entry["heldout"]["auc"] > best[0]:
                best = (entry["heldout"]["auc"], epoch, copy.deepcopy(model.state_dict()))
        log["epochs"].append(entry)
        print(json.dumps(entry), flush=True)
    log["train_seconds"] = round(time.time() - started, 1)
    if best is not None:
        model.load_state_dict(best[2])
    log["best_epoch"] = best[1] if best else args.epochs
    log["onnx_check"] = export(model, args.out, raw_config, data, args, log, pad_id)
    (args.out / "train_log.json").write_text(json.dumps(log, indent=2) + "\n")
    write_card(args, log, data)
    print(f"wrote {args.out} in {log['train_seconds']} s of training", flush=True)


def write_card(args, log: dict, data: dict) -> None:
    rows = "\n".join(
        f"| {e['epoch']} | {e['steps']} | {e['train_loss']} | {e['seconds']} s | "
        + (f"{e['heldout']['precision']} | {e['heldout']['recall']} | {e['heldout']['f1']} | {e['heldout']['auc']} |" if "heldout" in e else "– | – | – | – |")
        for e in log["epochs"])
    folder = args.out.resolve().relative_to(REPO) if args.out.resolve().is_relative_to(REPO) else args.out
    layers = f"its lowest {log['layers']} of 6 encoder layers" if log["layers"] < 6 else "6 encoder layers"
    size = (args.out / "onnx" / "model_quantized.onnx").stat().st_size / 1e6
    card = f"""# {folder}

The fine-tuned span classifier of the `span-classification-fine-tuned` risk indicator (paper §5.2,
which fine-tunes ELECTRA inside AutoGluon's multimodal predictor): minibert-en-cased ({layers})
fine-tuned to decide MASK / NO_MASK for a gold PII span from a window of its document. The risk of a
span is P(MASK) = sigmoid(logit).

| | |
|---|---|
| training data | `{data['dataset']}`: {len(data['documents'])} documents, {log['train_spans']} gold spans of every annotator (MASK = DIRECT/QUASI identifier, NO_MASK otherwise; the labels of the Table 5 runs), digest `{data['digest']}` (`spanTrainingDigest`, src/indicators: the documents' ids, texts and annotations; the indicator's `fit()` compares it) |
| held-out data | `{data['heldout_dataset']}`: {log['heldout_spans']} spans, used only to pick the epoch (best AUC) and for the figures below; never a test document |
| input | `[CLS]` + at most {data['window'] - 2} word-pieces with the span centred in its context + `[SEP]` (`spanWindow`, src/indicators/span-window.ts: the same function cut the training windows) |
| head | [CLS] ⊕ mean of the last hidden states over the span's pieces → dropout → weighted sum + bias → one logit (an elementwise product and a sum: stays fp32 in the int8 graph) |
| hyper-parameters | {args.epochs} epochs ({log['steps_per_epoch']} steps each), batch {args.batch_size}, AdamW lr {args.lr} (head {args.head_lr}), weight decay {args.weight_decay}, warm-up {args.warmup} then linear decay, dropout 0.1, BCE loss, seed {args.seed}{', embeddings frozen' if args.freeze_embeddings else ''}; kept: epoch {log['best_epoch']} |
| training time | {log['train_seconds']} s on {args.threads} CPU thread(s), `nice -n 10`, on 2 cores shared with other jobs |
| ONNX vs PyTorch | fp32 max abs logit difference {log['onnx_check']['fp32']['max_abs_diff']:.2e}; int8 {log['onnx_check']['int8']['max_abs_diff']:.2e} (onnxruntime-node, 2 padded training windows) |
| file | `onnx/model_quantized.onnx`, int8, {size:.1f} MB (`training/quantize.py`: dynamic int8 MatMuls, int8 word embeddings); inputs `input_ids`, `attention_mask`, `token_type_ids` int64 and `span_mask` float32 [batch, sequence] → `logits` [batch] |
| licence of the data | the training data is TAB's (Text Anonymization Benchmark, ECHR court cases, MIT licence as released by NorskRegnesentral/text-anonymization-benchmark) |

Held-out figures (decision at P(MASK) ≥ 0.5) after each epoch:

| epoch | steps | train loss | time | held-out P | R | F1 | AUC |
|---|---|---|---|---|---|---|---|
{rows}

`config.json` → `span_classifier`: window, pooling, training data set, its digest and span count,
seed, epochs, kept epoch. `train_log.json` holds the raw figures.

Retrain (about {log['train_seconds'] / 60:.0f} minutes on 2 CPU cores):

```sh
SANITEXT_DATA_DIR=/path/to/datasets npx tsx training/export-span-examples.ts {data['dataset']}{' --heldout ' + data['heldout_dataset'] if data['heldout_dataset'] else ''} --window {data['window']} --out {args.examples}
OPENBLAS_NUM_THREADS=2 nice -n 10 /usr/bin/python3 training/train_span_classifier.py {shlex.join(sys.argv[1:])}
```
"""
    (args.out / "README.md").write_text(card)


if __name__ == "__main__":
    main()
