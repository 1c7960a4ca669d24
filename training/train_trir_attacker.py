"""Fine-tunes minibert-en-cased as the neural TRIR attacker (Manzanares-Salor et al. 2024): a window
of background knowledge → one logit per individual. Seeded; CPU; plain PyTorch (training/bert.py).

    npx tsx training/export-attacker-windows.ts BK.json            # → .cache/training/attacker-<BK>.json
    nice -n 10 /usr/bin/python3 training/train_trir_attacker.py --windows .cache/training/attacker-<BK>.json \
        --out models/trir-attacker-<name> [--epochs N] [--seed S] ...

The head mean-pools the last hidden states over the window's real pieces ([CLS] and [SEP]
included) and maps them to the individuals. Writes <out>/config.json (labels = individual ids in
order, window and stride, max positions, and under `trir_attacker` the SHA-256 of the background-
knowledge file, seed and epochs), the encoder's tokenizer files, onnx/model_quantized.onnx (int8,
training/quantize.py; the fp32 graph is deleted unless --keep-fp32), train_log.json and README.md.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bert import BertConfig, BertModel, onnx_state_dict, optimizer_step  # noqa: E402
from quantize import quantize  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


class BertForIndividuals(nn.Module):
    """BERT encoder + mean pooling over the real pieces + a linear layer: one logit per individual."""

    def __init__(self, c: BertConfig, individuals: int):
        super().__init__()
        self.bert = BertModel(c)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)
        self.classifier = nn.Linear(c.hidden_size, individuals)
        nn.init.normal_(self.classifier.weight, std=0.02)
        nn.init.zeros_(self.classifier.bias)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        hidden = self.bert(input_ids, attention_mask, token_type_ids)
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.classifier(self.dropout(pooled))


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--windows", type=Path, required=True, help="the export of training/export-attacker-windows.ts")
    p.add_argument("--out", type=Path, required=True, help="artefact folder, e.g. models/trir-attacker-tab-original")
    p.add_argument("--base", type=Path, default=REPO / "models" / "minibert-en-cased")
    p.add_argument("--layers", type=int, default=0, help="keep only the lowest N encoder layers (0: all); a smaller model for test fixtures")
    p.add_argument("--max-positions", type=int, default=0, help="keep only the first N position embeddings (0: all; at least window + 2)")
    p.add_argument("--epochs", type=float, default=2.0)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--lr", type=float, default=2e-4, help="encoder learning rate")
    p.add_argument("--head-lr", type=float, default=2e-3, help="learning rate of the new classification layer")
    p.add_argument("--warmup", type=float, default=0.06, help="fraction of steps with linear warm-up")
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--freeze-embeddings", action="store_true", help="keep the embedding layer fixed (4.2M of 9M parameters; faster on CPU)")
    p.add_argument("--freeze-layers", type=int, default=0, help="also keep the lowest N encoder layers fixed")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--max-steps", type=int, default=0, help="stop after N steps (timing runs); 0 = all")
    p.add_argument("--keep-fp32", action="store_true", help="keep onnx/model.onnx next to the int8 graph")
    p.add_argument("--description", default="", help="one line for the model card: what the background knowledge is")
    return p.parse_args()


def load_model(args, individuals: int, window: int) -> tuple[BertForIndividuals, dict]:
    raw = json.loads((args.base / "config.json").read_text())
    if args.layers:
        raw["num_hidden_layers"] = args.layers
    if args.max_positions:
        if args.max_positions < window + 2:
            raise ValueError(f"--max-positions {args.max_positions} is below window {window} + [CLS]/[SEP]")
        raw["max_position_embeddings"] = args.max_positions
    config = BertConfig(**{k: raw[k] for k in BertConfig.__dataclass_fields__})
    model = BertForIndividuals(config, individuals)
    weights = {}
    for name, value in onnx_state_dict(args.base / "onnx" / "model.onnx").items():
        if not name.startswith("bert."):
            continue
        if name.startswith("bert.encoder.layer.") and int(name.split(".")[3]) >= config.num_hidden_layers:
            continue
        if name == "bert.embeddings.position_embeddings.weight":
            value = value[: config.max_position_embeddings]
        weights[name] = value
    missing, unexpected = model.load_state_dict(weights, strict=False)
    missing_encoder = [k for k in missing if k.startswith("bert.")]
    if missing_encoder or unexpected:
        raise ValueError(f"{args.base}/onnx/model.onnx: missing encoder weights {missing_encoder[:5]}, unexpected {unexpected[:5]}")
    return model, raw


def padded(chunk, cls_id: int, sep_id: int, pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """[CLS] window [SEP] for each window of the chunk, padded to the longest."""
    width = max(len(ids) for _, ids in chunk) + 2
    ids = torch.full((len(chunk), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(chunk), width), dtype=torch.long)
    for r, (_, pieces) in enumerate(chunk):
        seq = [cls_id] + pieces + [sep_id]
        ids[r, :len(seq)] = torch.tensor(seq)
        mask[r, :len(seq)] = 1
    return ids, mask


def batches(windows, batch_size: int, rng: random.Random):
    """Seeded shuffled batches of window indices."""
    order = list(range(len(windows)))
    rng.shuffle(order)
    for b in range(0, len(order), batch_size):
        yield order[b:b + batch_size]


@torch.no_grad()
def frozen_outputs(model: BertForIndividuals, windows, frozen: int, cls_id: int, sep_id: int, pad_id: int) -> list[torch.Tensor]:
    """The hidden states after the embeddings and the lowest `frozen` layers, once per window (they never
    change while those layers are frozen): each epoch then runs only the trained layers. fp16 halves the memory."""
    model.eval()
    out = []
    for b in range(0, len(windows), 32):
        chunk = windows[b:b + 32]
        ids, mask = padded(chunk, cls_id, sep_id, pad_id)
        additive = (1.0 - mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
        x = model.bert.embeddings(ids, torch.zeros_like(ids))
        for layer in model.bert.encoder.layer[:frozen]:
            x = layer(x, additive)
        out.extend(x[r, :len(pieces) + 2].to(torch.float16) for r, (_, pieces) in enumerate(chunk))
    return out


def forward_from(model: BertForIndividuals, hidden: list[torch.Tensor], frozen: int) -> torch.Tensor:
    """Logits from cached hidden states through the trained layers, pooling and head (as BertForIndividuals.forward)."""
    width = max(h.shape[0] for h in hidden)
    x = torch.zeros((len(hidden), width, hidden[0].shape[1]), dtype=torch.float32)
    mask = torch.zeros((len(hidden), width), dtype=torch.long)
    for r, h in enumerate(hidden):
        x[r, :h.shape[0]] = h.float()
        mask[r, :h.shape[0]] = 1
    additive = (1.0 - mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
    for layer in model.bert.encoder.layer[frozen:]:
        x = layer(x, additive)
    m = mask.unsqueeze(-1).to(x.dtype)
    return model.classifier(model.dropout((x * m).sum(1) / m.sum(1).clamp(min=1.0)))


def verify(model_file: Path, probe_file: Path) -> dict:
    """Runs the graph in onnxruntime-node (the runtime of the TS attacker) on the probe (onnxruntime is not installed for Python here)."""
    result = subprocess.run(["npx", "tsx", str(REPO / "training" / "verify-onnx.ts"), str(model_file), str(probe_file)],
                            cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def export(model, out: Path, labels: list[str], base: Path, raw_config: dict, data: dict, args, vocab_ids: dict) -> dict:
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    model.eval()
    window = data["window"]
    # A probe of real windows of the training data, unpadded as the TS attacker runs them (one
    # window per run); verify-onnx.ts compares the graph's logits with PyTorch's.
    gen = random.Random(0)
    full = [pieces for _, pieces in data["windows"] if len(pieces) == min(window, max(len(p) for _, p in data["windows"]))]
    rows = [gen.choice(full) for _ in range(2)]
    ids = torch.tensor([[vocab_ids["[CLS]"]] + r + [vocab_ids["[SEP]"]] for r in rows])
    mask = torch.ones_like(ids)
    tti = torch.zeros_like(ids)
    fp32 = out / "onnx" / "model.onnx"
    torch.onnx.export(
        model, (ids, mask, tti), str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={**{n: {0: "batch", 1: "sequence"} for n in ["input_ids", "attention_mask", "token_type_ids"]}, "logits": {0: "batch"}},
        opset_version=17, do_constant_folding=True,
    )
    with torch.no_grad():
        reference = model(ids, mask, tti)
    config = dict(raw_config)
    config.update({
        "architectures": ["BertForSequenceClassification"],
        "id2label": {str(i): l for i, l in enumerate(labels)},
        "label2id": {l: i for i, l in enumerate(labels)},
        "tie_word_embeddings": False,
        "trir_attacker": {
            "background_knowledge_file": data["background_knowledge_file"],
            "background_knowledge_sha256": data["background_knowledge_sha256"],
            "window": window,
            "stride": data["stride"],
            "seed": args.seed,
            "epochs": args.epochs,
            "anonymized_copy": data["anonymized_copy"],
            "pooling": "mean over the window's pieces, [CLS] and [SEP] included",
        },
    })
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    for name in ["tokenizer.json", "tokenizer_config.json"]:
        shutil.copyfile(base / name, out / name)
    # Rows given as [row][1][labels]: verify-onnx.ts reads [row][position][labels]; with no padding every value is compared.
    probe = {"input_ids": ids.tolist(), "attention_mask": mask.tolist(), "logits": [[r] for r in reference.tolist()]}
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
    print(f"ONNX vs PyTorch: {check}", flush=True)
    return check


def main() -> None:
    args = parse_args()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)

    data = json.loads(args.windows.read_text())
    labels: list[str] = data["labels"]
    windows = [(label, ids) for label, ids in data["windows"]]
    vocab = json.loads((args.base / "tokenizer.json").read_text())["model"]["vocab"]
    if (REPO / data["tokenizer"]).resolve() != args.base.resolve():
        raise ValueError(f"{args.windows} was tokenized with {data['tokenizer']}, not {args.base}")
    cls_id, sep_id, pad_id = vocab["[CLS]"], vocab["[SEP]"], vocab["[PAD]"]
    model, raw_config = load_model(args, len(labels), data["window"])
    if args.freeze_embeddings:
        for parameter in model.bert.embeddings.parameters():
            parameter.requires_grad = False
    for layer in model.bert.encoder.layer[:args.freeze_layers]:
        for parameter in layer.parameters():
            parameter.requires_grad = False
    no_decay = lambda n: n.endswith("bias") or "LayerNorm" in n  # noqa: E731
    encoder = [(n, p) for n, p in model.named_parameters() if p.requires_grad and not n.startswith("classifier.")]
    groups = [
        {"params": [p for n, p in encoder if not no_decay(n)], "weight_decay": args.weight_decay, "lr": args.lr},
        {"params": [p for n, p in encoder if no_decay(n)], "weight_decay": 0.0, "lr": args.lr},
        {"params": list(model.classifier.parameters()), "weight_decay": 0.0, "lr": args.head_lr},
    ]
    optimizer = torch.optim.AdamW(groups)
    steps_per_epoch = math.ceil(len(windows) / args.batch_size)
    total = max(1, math.ceil(steps_per_epoch * args.epochs))
    if args.max_steps:
        total = min(total, args.max_steps)
    warmup = max(1, int(total * args.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup))))
    loss_fn = nn.CrossEntropyLoss()
    print(f"{args.windows.name}: {len(labels)} individuals, {len(windows)} windows, {total} steps of {args.batch_size}", flush=True)

    log = {"args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
           "background_knowledge_file": data["background_knowledge_file"], "individuals": len(labels),
           "train_windows": len(windows), "steps": total, "epochs": []}
    rng = random.Random(args.seed)
    # With the embeddings and lowest layers frozen, their outputs are computed once, not every epoch.
    cached = None
    if args.freeze_embeddings and args.freeze_layers > 0:
        began = time.time()
        cached = frozen_outputs(model, windows, args.freeze_layers, cls_id, sep_id, pad_id)
        log["frozen_outputs_seconds"] = round(time.time() - began, 1)
        print(f"frozen layers run once over {len(cached)} windows in {log['frozen_outputs_seconds']}s", flush=True)
    step, epoch, started = 0, 0, time.time()
    while step < total:
        model.train()
        epoch_loss, epoch_batches, epoch_start = 0.0, 0, time.time()
        for chunk in batches(windows, args.batch_size, rng):
            y = torch.tensor([windows[i][0] for i in chunk])
            if cached is not None:
                logits = forward_from(model, [cached[i] for i in chunk], args.freeze_layers)
            else:
                ids, mask = padded([windows[i] for i in chunk], cls_id, sep_id, pad_id)
                logits = model(ids, mask, torch.zeros_like(ids))
            loss = loss_fn(logits, y)
            epoch_loss += optimizer_step(model, loss, optimizer, schedule)
            step += 1
            epoch_batches += 1
            if step % 20 == 0:
                print(f"step {step}/{total} loss {epoch_loss / epoch_batches:.4f} {time.time() - started:.0f}s", flush=True)
            if step >= total:
                break
        epoch += 1
        entry = {"epoch": epoch, "steps": step, "train_loss": round(epoch_loss / max(1, epoch_batches), 4), "seconds": round(time.time() - epoch_start, 1)}
        log["epochs"].append(entry)
        print(json.dumps(entry), flush=True)
    log["train_seconds"] = round(time.time() - started + log.get("frozen_outputs_seconds", 0.0), 1)
    log["frozen_outputs_cached"] = cached is not None
    log["onnx_check"] = export(model, args.out, labels, args.base, raw_config, data, args, vocab)
    (args.out / "train_log.json").write_text(json.dumps(log, indent=2) + "\n")
    write_card(args, log, data)
    print(f"wrote {args.out} in {log['train_seconds']} s of training", flush=True)


def write_card(args, log: dict, data: dict) -> None:
    rows = "\n".join(f"| {e['epoch']} | {e['steps']} | {e['train_loss']} | {e['seconds']} s |" for e in log["epochs"])
    frozen = ", embeddings frozen" if args.freeze_embeddings else ""
    frozen += f", lowest {args.freeze_layers} encoder layers frozen" if args.freeze_layers else ""
    folder = args.out.resolve().relative_to(REPO) if args.out.resolve().is_relative_to(REPO) else args.out
    layers = f"its lowest {args.layers} of 6 encoder layers" if args.layers else "6 encoder layers"
    card = f"""# {folder}

The neural TRIR attacker (`sanitext evaluate`, metric `trir` with `attacker: neural`): minibert-en-cased
({layers}) fine-tuned to link a window of background knowledge to its individual;
a document is linked to the argmax of its windows' logits summed. {args.description}

| | |
|---|---|
| background knowledge | `{data['background_knowledge_file']}` (SHA-256 `{data['background_knowledge_sha256']}`): {log['individuals']} individuals{', plus a copy with the rule layer’s spans suppressed' if data['anonymized_copy'] else ''} |
| windows | {data['window']} word-pieces + [CLS]/[SEP], stride {data['stride']}: {log['train_windows']} training windows |
| head | mean of the last hidden states over the window's pieces → linear layer, one logit per individual |
| hyper-parameters | {args.epochs} epochs ({log['steps']} steps), batch {args.batch_size}, AdamW lr {args.lr} (head {args.head_lr}), weight decay {args.weight_decay}, warm-up {args.warmup} then linear decay, dropout 0.1, seed {args.seed}{frozen} |
| training time | {log['train_seconds']} s{' (of which ' + str(log['frozen_outputs_seconds']) + ' s running the frozen layers once over every window)' if 'frozen_outputs_seconds' in log else ''} on {args.threads} CPU thread(s), `nice -n 10`, on 2 cores shared with other jobs |
| ONNX vs PyTorch | fp32 max abs logit difference {log['onnx_check']['fp32']['max_abs_diff']:.2e}; int8 {log['onnx_check']['int8']['max_abs_diff']:.2e} (onnxruntime-node, 2 unpadded training windows) |
| file | `onnx/model_quantized.onnx`, int8 (`training/quantize.py`: dynamic int8 MatMuls, int8 word embeddings); inputs `input_ids`, `attention_mask`, `token_type_ids` int64 [batch, sequence] → `logits` [batch, {log['individuals']}] |

| epoch | steps | train loss | time |
|---|---|---|---|
{rows}

`config.json`: `id2label` = the individual ids in logit order; `trir_attacker` = the background
knowledge's file name and SHA-256 (the metric refuses a run whose background knowledge differs),
window, stride, seed, epochs. `train_log.json` holds the raw figures.

Retrain:

```sh
npx tsx training/export-attacker-windows.ts PATH/{data['background_knowledge_file']}{' --anonymized-copy' if data['anonymized_copy'] else ''} --window {data['window']} --stride {data['stride']} --out {args.windows}
OPENBLAS_NUM_THREADS=1 nice -n 10 /usr/bin/python3 training/train_trir_attacker.py {shlex.join(sys.argv[1:])}
```
"""
    (args.out / "README.md").write_text(card)


if __name__ == "__main__":
    main()
