"""Fine-tunes minibert-en-cased as a token classifier and exports it in the Transformers.js layout.

    /usr/bin/python3 training/train_token_classifier.py --task tab-ner|tab-mask|wiki-mask [--epochs N] ...

Needs the piece exports of training/export-pieces.ts in --export-dir (default .cache/training).
Writes <out>/config.json, tokenizer files, onnx/model.onnx, train_log.json and README.md.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bert import export_token_classifier, load_pretrained, optimizer_step  # noqa: E402
from data import CLS_ID, PAD_ID, SEP_ID, load_task, piece_label_ids, piece_windows, windows_for_training  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

DESCRIPTIONS = {
    "tab-ner": "BIO token classifier over the 8 TAB entity types (PERSON, ORG, LOC, DATETIME, CODE, QUANTITY, DEM, MISC): "
               "the neural layer of the privacy-oriented entity recognizer (paper §4.2).",
    "tab-mask": "MASK / NO_MASK sequence labeller (B-MASK, I-MASK, O) for TAB court judgments: the sequence-labelling "
                "risk indicator of paper §5.4.",
    "wiki-mask": "MASK / NO_MASK sequence labeller (B-MASK, I-MASK, O) for Wikipedia biographies: the sequence-labelling "
                 "risk indicator of paper §5.4.",
}


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--task", required=True, choices=["tab-ner", "tab-mask", "wiki-mask"])
    p.add_argument("--out", type=Path, help="model folder (default models/minibert-<task>)")
    p.add_argument("--base", type=Path, default=REPO / "models" / "minibert-en-cased")
    p.add_argument("--export-dir", type=Path, default=REPO / ".cache" / "training")
    p.add_argument("--silver", action="store_true", help="add .cache/training/silver.json to the tab-ner training data")
    p.add_argument("--epochs", type=float, default=3.0)
    p.add_argument("--max-length", type=int, default=256, help="pieces per window, [CLS] and [SEP] included")
    p.add_argument("--overlap", type=int, default=64, help="pieces shared by consecutive training windows")
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--warmup", type=float, default=0.1, help="fraction of steps with linear warm-up")
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--max-steps", type=int, default=0, help="stop after N steps (timing runs); 0 = all")
    p.add_argument("--freeze-embeddings", action="store_true",
                   help="keep the embedding layer fixed: saves the 4.2M-parameter embedding update on slow CPUs")
    p.add_argument("--freeze-layers", type=int, default=0,
                   help="also keep the lowest N encoder layers fixed (backward stops above them: faster on CPU)")
    p.add_argument("--data", choices=["all", "tab144"], default="all",
                   help="TAB training documents: all we have (174 typed / 205 masked) or tab144's 92 (the first models)")
    p.add_argument("--layers", type=int, default=0,
                   help="keep only the lowest N encoder layers of the base (a smaller, faster model); 0 = all")
    p.add_argument("--no-export", action="store_true")
    return p.parse_args()


def batches(examples, batch_size: int, rng: random.Random):
    """Shuffled batches of windows of similar length: padding to a batch's longest window wastes less
    CPU time (Wikipedia biographies are far shorter than a window)."""
    order = list(range(len(examples)))
    rng.shuffle(order)
    pool = batch_size * 8
    groups = []
    for p in range(0, len(order), pool):
        chunk = sorted(order[p:p + pool], key=lambda i: len(examples[i].input_ids))
        groups.extend(chunk[b:b + batch_size] for b in range(0, len(chunk), batch_size))
    rng.shuffle(groups)
    for group in groups:
        chunk = [examples[i] for i in group]
        width = max(len(e.input_ids) for e in chunk)
        ids = torch.full((len(chunk), width), PAD_ID, dtype=torch.long)
        labels = torch.full((len(chunk), width), -100, dtype=torch.long)
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        for r, e in enumerate(chunk):
            n = len(e.input_ids)
            ids[r, :n] = torch.tensor(e.input_ids)
            labels[r, :n] = torch.tensor(e.labels)
            mask[r, :n] = 1
        yield ids, mask, labels


@torch.no_grad()
def predict_document(model, ids: list[int], max_length: int, overlap: int) -> list[int]:
    """Inference as src/lm/token-classifier.ts does it: windows, each piece from its most central window."""
    windows, owner = piece_windows(len(ids), max_length - 2, overlap)
    preds = []
    for b in range(0, len(windows), 16):
        chunk = windows[b:b + 16]
        width = max(e - s for s, e in chunk) + 2
        x = torch.full((len(chunk), width), PAD_ID, dtype=torch.long)
        m = torch.zeros_like(x)
        for r, (s, e) in enumerate(chunk):
            seq = [CLS_ID] + ids[s:e] + [SEP_ID]
            x[r, :len(seq)] = torch.tensor(seq)
            m[r, :len(seq)] = 1
        preds.extend(model(x, m, torch.zeros_like(x)).argmax(-1).tolist())
    return [preds[owner[i]][i - windows[owner[i]][0] + 1] for i in range(len(ids))]


def evaluate(model, docs, labels: list[str], max_length: int, overlap: int) -> dict:
    """Piece-level precision/recall/F1 of non-O pieces, with and without the entity type matching."""
    model.eval()
    label2id = {l: i for i, l in enumerate(labels)}
    kind = lambda i: labels[i][2:] if i > 0 else None  # noqa: E731
    tp_typed = tp_any = n_pred = n_gold = 0
    for doc in docs:
        if not doc.ids:
            continue
        gold = piece_label_ids(doc, label2id)
        pred = predict_document(model, doc.ids, max_length, overlap)
        for g, p in zip(gold, pred):
            n_gold += g > 0
            n_pred += p > 0
            tp_any += g > 0 and p > 0
            tp_typed += g > 0 and p > 0 and kind(g) == kind(p)
    def prf(tp):
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
    return {"with_label_match": prf(tp_typed), "without_label_match": prf(tp_any), "gold_pieces": n_gold, "predicted_pieces": n_pred}


def export(model, out: Path, labels: list[str], base: Path) -> dict:
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    probe = export_token_classifier(model, out / "onnx" / "model.onnx", 5, 16384, CLS_ID, SEP_ID, PAD_ID)
    config = json.loads((base / "config.json").read_text())
    config.update({
        "architectures": ["BertForTokenClassification"],
        "id2label": {str(i): l for i, l in enumerate(labels)},
        "label2id": {l: i for i, l in enumerate(labels)},
        "tie_word_embeddings": False,
        "num_hidden_layers": len(model.bert.encoder.layer),
    })
    previous = out / "config.json"
    if previous.exists() and "sanitext" in json.loads(previous.read_text()):
        # The decoding chosen for the model (sanitext.outside_threshold, see its card) stays until re-chosen.
        config["sanitext"] = json.loads(previous.read_text())["sanitext"]
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    for name in ["tokenizer.json", "tokenizer_config.json"]:
        shutil.copyfile(base / name, out / name)
    # onnxruntime is not installed for Python here: the check runs the exported graph through
    # onnxruntime-node (the runtime Transformers.js uses) on the same inputs.
    probe_file = REPO / ".cache" / "training" / f"{out.name}-probe.json"
    probe_file.write_text(json.dumps(probe))
    result = subprocess.run(["npx", "tsx", str(REPO / "training" / "verify-onnx.ts"), str(out / "onnx" / "model.onnx"), str(probe_file)],
                            cwd=REPO, capture_output=True, text=True, check=True)
    check = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"ONNX vs PyTorch: {check}", flush=True)
    if check["max_abs_diff"] > 1e-3:
        raise RuntimeError(f"{out}/onnx/model.onnx differs from PyTorch by {check['max_abs_diff']}")
    return check


def main() -> None:
    args = parse_args()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    out = args.out or REPO / "models" / f"minibert-{args.task}"

    task = load_task(args.task, args.export_dir, args.seed, use_silver=args.silver, data=args.data)
    labels = task["labels"]
    label2id = {l: i for i, l in enumerate(labels)}
    train = windows_for_training(task["train"], label2id, args.max_length, args.overlap)
    print(f"{args.task}: {len(task['train'])} train documents → {len(train)} windows; held-out {task['heldout_name']}", flush=True)

    model = load_pretrained(args.base, len(labels), layers=args.layers or None)
    if args.freeze_embeddings:
        for parameter in model.bert.embeddings.parameters():
            parameter.requires_grad = False
    for layer in model.bert.encoder.layer[:args.freeze_layers]:
        for parameter in layer.parameters():
            parameter.requires_grad = False
    no_decay = lambda n: n.endswith("bias") or "LayerNorm" in n  # noqa: E731
    groups = [
        {"params": [p for n, p in model.named_parameters() if p.requires_grad and not no_decay(n)], "weight_decay": args.weight_decay},
        {"params": [p for n, p in model.named_parameters() if p.requires_grad and no_decay(n)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=args.lr)
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total = max(1, math.ceil(steps_per_epoch * args.epochs))
    if args.max_steps:
        total = min(total, args.max_steps)
    warmup = max(1, int(total * args.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup))))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)

    rng = random.Random(args.seed)
    log = {"task": args.task, "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
           "sources": task["sources"], "heldout": task["heldout_name"], "train_windows": len(train),
           "steps": total, "epochs": [], "labels": labels,
           "parameters": sum(p.numel() for p in model.parameters())}
    step = 0
    started = time.time()
    epoch = 0
    while step < total:
        model.train()
        epoch_loss, epoch_batches, epoch_start = 0.0, 0, time.time()
        for ids, mask, y in batches(train, args.batch_size, rng):
            logits = model(ids, mask, torch.zeros_like(ids))
            loss = loss_fn(logits.reshape(-1, len(labels)), y.reshape(-1))
            epoch_loss += optimizer_step(model, loss, optimizer, schedule)
            step += 1
            epoch_batches += 1
            if step % 20 == 0:
                print(f"step {step}/{total} loss {epoch_loss / epoch_batches:.4f} {time.time() - started:.0f}s", flush=True)
            if step >= total:
                break
        epoch += 1
        scores = evaluate(model, task["heldout"], labels, args.max_length, args.overlap)
        entry = {"epoch": epoch, "steps": step, "train_loss": round(epoch_loss / max(1, epoch_batches), 4),
                 "seconds": round(time.time() - epoch_start, 1), "heldout": scores}
        log["epochs"].append(entry)
        print(json.dumps(entry), flush=True)
    log["train_seconds"] = round(time.time() - started, 1)
    log["heldout_final"] = log["epochs"][-1]["heldout"]
    if args.no_export:
        print(json.dumps(log, indent=1))
        return
    log["onnx_check"] = export(model, out, labels, args.base)
    (out / "train_log.json").write_text(json.dumps(log, indent=2) + "\n")
    write_card(out, args, log)
    print(f"wrote {out}", flush=True)


EXPORT_STEP = "SANITEXT_DATA_DIR=/path/to/datasets npx tsx training/export-pieces.ts"
SILVER_STEPS = ("SANITEXT_DATA_DIR=/path/to/datasets npx tsx training/make-silver.ts --tab 40 --wiki 120\n"
                "SANITEXT_DATA_DIR=/path/to/datasets npx tsx training/export-pieces.ts --silver .cache/training/silver-source.json")


def silver_steps(args) -> str:
    """The commands that made the silver corpus: the default export folder's, or those of
    training/train-all.sh that write the folder the model was trained from."""
    if args.export_dir.resolve() == (REPO / ".cache" / "training").resolve():
        return SILVER_STEPS
    return f"# the make-silver.ts and export-pieces.ts steps of training/train-all.sh that write {args.export_dir}"


def write_card(out: Path, args, log: dict) -> None:
    final = log["heldout_final"]
    sources = "; ".join(f"{k}: {v} documents" for k, v in log["sources"].items())
    layers_note = (f", keeping only its lowest {args.layers} encoder layers ({log['parameters'] / 1e6:.1f}M parameters: "
                   f"about {args.layers}/6 of the encoder's time per piece)") if args.layers else ""
    rows = "\n".join(
        f"| {e['epoch']} | {e['train_loss']} | {e['heldout']['without_label_match']['f1']} | {e['heldout']['with_label_match']['f1']} | {e['seconds']} s |"
        for e in log["epochs"])
    card = f"""# minibert-{args.task}

{DESCRIPTIONS[args.task]}

Fine-tuned from `minibert-en-cased` (BERT, 6 layers, hidden 256, 9.1M parameters){layers_note} with
`training/train_token_classifier.py` (plain PyTorch, CPU). Transformers.js layout: `config.json`
(`BertForTokenClassification`, labels {", ".join(log["labels"])}), `tokenizer.json`,
`tokenizer_config.json`, `onnx/model.onnx` (fp32, opset 17, inputs `input_ids`, `attention_mask`,
`token_type_ids` int64 [batch, sequence] → `logits`).

| | |
|---|---|
| training data | {sources} |
| held-out | {log["heldout"]} |
| windows | {args.max_length} pieces ([CLS] and [SEP] included), {args.overlap} shared by consecutive windows; {log["train_windows"]} training windows |
| hyper-parameters | {args.epochs} epochs ({log["steps"]} steps), batch {args.batch_size}, AdamW lr {args.lr}, weight decay {args.weight_decay}, linear warm-up {args.warmup} then linear decay, dropout 0.1, seed {args.seed}{", embeddings frozen" if args.freeze_embeddings else ""}{f", lowest {args.freeze_layers} encoder layers frozen" if args.freeze_layers else ""} |
| training time | {log["train_seconds"]} s on {args.threads} CPU threads |
| held-out piece-level scores (non-O pieces) | without label match P {final["without_label_match"]["precision"]} R {final["without_label_match"]["recall"]} F1 {final["without_label_match"]["f1"]}; with label match P {final["with_label_match"]["precision"]} R {final["with_label_match"]["recall"]} F1 {final["with_label_match"]["f1"]} |
| ONNX vs PyTorch | max abs logit difference {log["onnx_check"]["max_abs_diff"]:.2e} (onnxruntime-node, padded batch of 2) |
| int8 (`dtype: 'q8'`) | `onnx/model_quantized.onnx`, written by `training/quantize.py` (dynamic int8 MatMuls, int8 word embeddings) |

| epoch | train loss | held-out F1 (no label match) | held-out F1 (label match) | time |
|---|---|---|---|---|
{rows}

Word pieces come from `training/export-pieces.ts`, which tokenizes with the inference code
(`src/lm/token-classifier.ts`), so training and inference see identical pieces. Labels: a piece
takes the label of a gold span it overlaps (B on the span's first piece, I after; the longest span
wins on overlap). `train_log.json` holds the raw figures.

Retrain:

```sh
{silver_steps(args) if args.silver else EXPORT_STEP}
nice -n 10 /usr/bin/python3 training/train_token_classifier.py {" ".join(sys.argv[1:])}
/usr/bin/python3 training/quantize.py {out.relative_to(REPO) if out.is_relative_to(REPO) else out}
```
"""
    (out / "README.md").write_text(card)


if __name__ == "__main__":
    main()
