"""Trains the multilingual NER model `models/multilingual-ner` from scratch: a SentencePiece Unigram
vocabulary and a small BERT token classifier (PER/ORG/LOC/MISC, CoNLL BIO labels) over CoNLL en/de/es/nl
and WikiANN de/en/es/nl/pl/ru, exported in the Transformers.js layout with int8 weights.

    SANITEXT_DATA_DIR=/path/to/datasets nice -n 15 /usr/bin/python3 training/train_multilingual_ner.py [--epochs N] ...
    /usr/bin/python3 training/train_multilingual_ner.py --card-only   # rewrite README.md (after bench/multilingual-ner.ts)

Steps: (1) SentencePiece Unigram on the train texts (seeded), written as tokenizer.json (Unigram model,
Metaspace, the XLM-R specials <s> <pad> </s> <unk> <mask>) by training/make_tiny_fixtures.py's converter;
(2) training/export-multilingual-pieces.ts tokenizes every sentence with the inference tokenizer
(src/lm/token-classifier.ts), so training and inference see identical ids; (3) a BERT (training/bert.py)
trained from random weights on the train splits; (4) ONNX export (checked against onnxruntime-node by
training/verify-onnx.ts), int8 by training/quantize.py, fp32 file removed. Needs Debian's python3-torch,
python3-onnx, python3-sentencepiece and Node (npx tsx).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bert import BertConfig, BertForTokenClassification, export_token_classifier, onnx_state_dict, optimizer_step  # noqa: E402
from make_tiny_fixtures import BOS, EOS, MASK, PAD, UNK, write_unigram_tokenizer  # noqa: E402
from quantize import quantize  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
TRAIN_SETS = [f"conll/{l}" for l in ("en", "de", "es", "nl")] + [f"wikiann/{l}" for l in ("de", "en", "es", "nl", "pl", "ru")]
BOS_ID, PAD_ID, EOS_ID = 0, 1, 2  # XLM-R's order: <s> <pad> </s> <unk>, then the pieces, <mask> last


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=REPO / "models" / "multilingual-ner")
    p.add_argument("--data-dir", type=Path, default=Path(os.environ.get("SANITEXT_DATA_DIR", REPO / "datasets")))
    p.add_argument("--work", type=Path, default=REPO / ".cache" / "training" / "multilingual-ner")
    p.add_argument("--vocab-size", type=int, default=20000, help="pieces, the five specials included")
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--intermediate", type=int, default=1024)
    p.add_argument("--max-positions", type=int, default=512)
    p.add_argument("--max-train-length", type=int, default=160, help="pieces per training sentence, specials included (longer ones are cut)")
    p.add_argument("--epochs", type=float, default=1.0)
    p.add_argument("--batch-tokens", type=int, default=1536, help="pieces per batch (padding included)")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=float, default=0.05)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=15)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--max-steps", type=int, default=900,
                   help="stop after N steps; 0 = all. The default fits ~40 minutes on 2 busy CPU threads")
    p.add_argument("--val", type=int, default=300, help="held-out sentences per val split, checked after each epoch")
    p.add_argument("--running-text", type=float, default=0.0,
                   help="share of training sentences written as running text (punctuation glued to words); "
                        "0 for the committed model, 0.5 is the untried next step (see the model card)")
    p.add_argument("--sample", default="",
                   help="per-set share of the training sentences, e.g. 'conll/de=3,wikiann/en=0.35': a whole part repeats "
                        "the set, a fraction takes a seeded sample of it (sets not named: 1)")
    p.add_argument("--init", type=Path, default=None,
                   help="an fp32 ONNX graph of this architecture (a previous run's onnx/model.onnx) to continue training from")
    p.add_argument("--keep-fp32", action="store_true", help="keep onnx/model.onnx (the fp32 graph a later --init continues from)")
    p.add_argument("--reuse-tokenizer", action="store_true", help="keep the tokenizer already in --out (and the piece export in --work, if any)")
    p.add_argument("--no-export", action="store_true")
    p.add_argument("--card-only", action="store_true", help="only rewrite README.md from train_log.json and results/multilingual-ner")
    return p.parse_args()


# ---------------------------------------------------------------- tokenizer

def conll_texts(path: Path):
    """Sentences of a CoNLL file as texts, tokens joined by spaces (as bench/conll.ts joins them)."""
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        fields = line.split("\t")
        if line.strip() == "" or len(fields) < 3:
            if words:
                yield " ".join(words)
            words = []
        elif fields[1] != "-DOCSTART-":
            words.append(fields[1])
    if words:
        yield " ".join(words)


def build_tokenizer(args) -> dict:
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as model_pb2

    args.work.mkdir(parents=True, exist_ok=True)
    corpus = args.work / "train-texts.txt"
    lines = [t for s in TRAIN_SETS for t in conll_texts(args.data_dir / "ner" / s / "train.conllu")]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if hasattr(spm, "set_random_generator_seed"):
        spm.set_random_generator_seed(args.seed)
    prefix = args.work / "unigram"
    started = time.time()
    # One id less than --vocab-size: <mask> is appended after the pieces, as in XLM-R.
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=args.vocab_size - 1, model_type="unigram",
        bos_id=BOS_ID, pad_id=PAD_ID, eos_id=EOS_ID, unk_id=3, bos_piece=BOS, pad_piece=PAD, eos_piece=EOS, unk_piece=UNK,
        character_coverage=0.9995, input_sentence_size=0, shuffle_input_sentence=False, num_threads=args.threads,
        normalization_rule_name="nmt_nfkc", max_sentencepiece_length=16, minloglevel=2,
    )
    proto = model_pb2.ModelProto()
    proto.ParseFromString(prefix.with_suffix(".model").read_bytes())
    vocab = [[p.piece, 0.0 if p.type != 1 else p.score] for p in proto.pieces]
    vocab.append([MASK, 0.0])
    args.out.mkdir(parents=True, exist_ok=True)
    write_unigram_tokenizer(args.out, vocab, proto.normalizer_spec.precompiled_charsmap)
    config = json.loads((args.out / "tokenizer_config.json").read_text())
    config["model_max_length"] = args.max_positions
    (args.out / "tokenizer_config.json").write_text(json.dumps(config, indent=1) + "\n")
    print(f"tokenizer: {len(vocab)} pieces from {len(lines)} sentences, {time.time() - started:.0f} s", flush=True)
    info = {"pieces": len(vocab), "sentences": len(lines), "seconds": round(time.time() - started, 1)}
    (args.work / "tokenizer-log.json").write_text(json.dumps(info) + "\n")
    return info


def export_pieces(args) -> Path:
    target = args.work / "pieces.json"
    subprocess.run(["npx", "tsx", str(REPO / "training" / "export-multilingual-pieces.ts"), "--model", str(args.out),
                    "--out", str(target), "--data-dir", str(args.data_dir), "--val", str(args.val),
                    "--running-text", str(args.running_text)], cwd=REPO, check=True)
    return target


# ---------------------------------------------------------------- data

def sample_shares(spec: str) -> dict[str, float]:
    """'conll/de=3,wikiann/en=0.35' -> {set: share}; an unknown set or a bad share is an error."""
    shares = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, _, value = item.partition("=")
        if name not in TRAIN_SETS:
            raise SystemExit(f"--sample: unknown training set {name!r} (known: {', '.join(TRAIN_SETS)})")
        try:
            shares[name] = float(value)
        except ValueError:
            raise SystemExit(f"--sample: {name}: share {value!r} is not a number") from None
        if shares[name] < 0:
            raise SystemExit(f"--sample: {name}: share must be >= 0")
    return shares


def sample_set(sentences: list[dict], share: float, rng: random.Random) -> list[dict]:
    """The set repeated int(share) times plus a seeded sample of the fractional part."""
    whole, fraction = int(share), share - int(share)
    return sentences * whole + rng.sample(sentences, round(len(sentences) * fraction))


def piece_labels(sentence: dict, label2id: dict[str, int]) -> list[int]:
    """Each piece takes its CoNLL token's tag; a B- tag only on the token's first piece (I- after)."""
    out, previous = [], -2
    for t in sentence["token"]:
        if t < 0:
            out.append(-100)
            continue
        tag = sentence["tags"][t]
        if tag.startswith("B-") and t == previous:
            tag = "I-" + tag[2:]
        out.append(label2id.get(tag, 0))
        previous = t
    return out


def examples(sentences: list[dict], label2id: dict[str, int], max_length: int) -> list[tuple[list[int], list[int]]]:
    keep = max_length - 2
    return [([BOS_ID] + s["ids"][:keep] + [EOS_ID], [-100] + piece_labels(s, label2id)[:keep] + [-100])
            for s in sentences if s["ids"]]


def batches(data, batch_tokens: int, rng: random.Random):
    """Shuffled batches of sentences of similar length, about batch_tokens pieces each."""
    order = list(range(len(data)))
    rng.shuffle(order)
    groups = []
    pool = 4096
    for p in range(0, len(order), pool):
        chunk = sorted(order[p:p + pool], key=lambda i: len(data[i][0]))
        group, width = [], 0
        for i in chunk:
            n = len(data[i][0])
            if group and max(width, n) * (len(group) + 1) > batch_tokens:
                groups.append(group)
                group, width = [], 0
            group.append(i)
            width = max(width, n)
        if group:
            groups.append(group)
    rng.shuffle(groups)
    for group in groups:
        yield collate([data[i] for i in group])


def collate(chunk):
    width = max(len(ids) for ids, _ in chunk)
    ids = torch.full((len(chunk), width), PAD_ID, dtype=torch.long)
    labels = torch.full((len(chunk), width), -100, dtype=torch.long)
    mask = torch.zeros((len(chunk), width), dtype=torch.long)
    for r, (x, y) in enumerate(chunk):
        ids[r, :len(x)] = torch.tensor(x)
        labels[r, :len(y)] = torch.tensor(y)
        mask[r, :len(x)] = 1
    return ids, mask, labels


@torch.no_grad()
def evaluate(model, sets: dict[str, list[dict]], label2id: dict[str, int]) -> dict:
    """Token-level figures on the held-out sentences, each CoNLL token labelled by its first piece (as
    src/detect/neural.ts labels words): PER/ORG/LOC tokens, MISC tokens counted in neither."""
    model.eval()
    kind = lambda label: label[2:] if label != "O" else None  # noqa: E731
    out = {}
    for name, sentences in sets.items():
        gold = pred = hit = hit_label = 0
        data = examples(sentences, label2id, 512)
        for b in range(0, len(data), 64):
            chunk = data[b:b + 64]
            ids, mask, _ = collate(chunk)
            argmax = model(ids, mask, torch.zeros_like(ids)).argmax(-1).tolist()
            for row, s in enumerate(sentences[b:b + 64]):
                first = {}
                for i, t in enumerate(s["token"][:510]):
                    if t >= 0 and t not in first:
                        first[t] = LABELS[argmax[row][i + 1]]
                for t, tag in enumerate(s["tags"]):
                    g = kind(tag)
                    if g == "MISC":
                        continue
                    p = kind(first.get(t, "O"))
                    p = None if p == "MISC" else p
                    gold += g is not None
                    pred += p is not None
                    hit += g is not None and p is not None
                    hit_label += g is not None and p == g
        ratio = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
        out[name] = {"recall": ratio(hit, gold), "precision": ratio(hit, pred), "recall_label": ratio(hit_label, gold),
                     "precision_label": ratio(hit_label, pred), "gold_tokens": gold}
    model.train()
    return out


# ---------------------------------------------------------------- model

def init_weights(model: nn.Module) -> None:
    """BERT's initialisation: normal(0, 0.02) weights, zero biases, unit LayerNorms."""
    for module in model.modules():
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, std=0.02)
            nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, std=0.02)
            if module.padding_idx is not None:
                nn.init.zeros_(module.weight[module.padding_idx])


def model_config(args, vocab_size: int) -> BertConfig:
    return BertConfig(vocab_size=vocab_size, hidden_size=args.hidden, num_hidden_layers=args.layers, num_attention_heads=args.heads,
                      intermediate_size=args.intermediate, max_position_embeddings=args.max_positions, type_vocab_size=2,
                      layer_norm_eps=1e-12, hidden_dropout_prob=args.dropout, attention_probs_dropout_prob=args.dropout)


def export(model, args, config: BertConfig) -> dict:
    out = args.out
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    probe = export_token_classifier(model, out / "onnx" / "model.onnx", 4, config.vocab_size - 1, BOS_ID, EOS_ID, PAD_ID)
    hf = {
        "architectures": ["BertForTokenClassification"], "model_type": "bert",
        "vocab_size": config.vocab_size, "hidden_size": config.hidden_size, "num_hidden_layers": config.num_hidden_layers,
        "num_attention_heads": config.num_attention_heads, "intermediate_size": config.intermediate_size, "hidden_act": "gelu",
        "max_position_embeddings": config.max_position_embeddings, "type_vocab_size": config.type_vocab_size,
        "layer_norm_eps": config.layer_norm_eps, "hidden_dropout_prob": config.hidden_dropout_prob,
        "attention_probs_dropout_prob": config.attention_probs_dropout_prob, "initializer_range": 0.02,
        "position_embedding_type": "absolute", "pad_token_id": PAD_ID, "bos_token_id": BOS_ID, "eos_token_id": EOS_ID,
        "id2label": {str(i): l for i, l in enumerate(LABELS)}, "label2id": {l: i for i, l in enumerate(LABELS)},
    }
    previous = out / "config.json"
    if previous.exists() and "sanitext" in json.loads(previous.read_text()):
        # The decoding chosen on validation data (bench/outside-threshold.ts) stays until re-chosen.
        hf["sanitext"] = json.loads(previous.read_text())["sanitext"]
    (out / "config.json").write_text(json.dumps(hf, indent=2) + "\n")
    probe_file = args.work / "probe.json"
    probe_file.write_text(json.dumps(probe))
    checks = {}
    quantize(out)
    for name in ("model.onnx", "model_quantized.onnx"):
        result = subprocess.run(["npx", "tsx", str(REPO / "training" / "verify-onnx.ts"), str(out / "onnx" / name), str(probe_file)],
                                cwd=REPO, capture_output=True, text=True, check=True)
        checks[name] = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"{name} vs PyTorch: {checks[name]}", flush=True)
    if checks["model.onnx"]["max_abs_diff"] > 1e-3:
        raise RuntimeError(f"{out}/onnx/model.onnx differs from PyTorch by {checks['model.onnx']['max_abs_diff']}")
    # Only the int8 weights are committed (dtype 'q8'); fp32 is rebuilt by retraining.
    if not args.keep_fp32:
        (out / "onnx" / "model.onnx").unlink()
    return checks


# ---------------------------------------------------------------- main

def main() -> None:
    args = parse_args()
    if args.card_only:
        write_card(args.out, json.loads((args.out / "train_log.json").read_text()))
        return
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    log: dict = {"args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}, "labels": LABELS, "epochs": []}
    for key in ("out", "data_dir", "work", "init", "keep_fp32"):
        log["args"].pop(key)
    if args.reuse_tokenizer:
        log["tokenizer"] = json.loads((args.work / "tokenizer-log.json").read_text())
        pieces_file = args.work / "pieces.json"
        if not pieces_file.exists():
            pieces_file = export_pieces(args)
    else:
        log["tokenizer"] = build_tokenizer(args)
        started = time.time()
        pieces_file = export_pieces(args)
        log["tokenizer"]["export_seconds"] = round(time.time() - started, 1)
    sets = json.loads(pieces_file.read_text())["sets"]
    label2id = {l: i for i, l in enumerate(LABELS)}
    shares = sample_shares(args.sample)
    sampled = {s: sample_set(sets[f"{s}/train"], shares.get(s, 1.0), random.Random(f"{args.seed}:{s}")) for s in TRAIN_SETS}
    train = [e for s in TRAIN_SETS for e in examples(sampled[s], label2id, args.max_train_length)]
    heldout = {s: sets[f"{s}/val"] for s in TRAIN_SETS}
    log["train_sentences"] = {s: len(sampled[s]) for s in TRAIN_SETS}
    log["train_pieces"] = sum(len(x) for x, _ in train)
    vocab_size = len(json.loads((args.out / "tokenizer.json").read_text())["model"]["vocab"])
    config = model_config(args, vocab_size)
    model = BertForTokenClassification(config, len(LABELS))
    init_weights(model)
    if args.init:
        # Initializers are named after the PyTorch parameters (export_token_classifier keeps them).
        missing, unexpected = model.load_state_dict(onnx_state_dict(args.init), strict=False)
        if missing or unexpected:
            raise SystemExit(f"--init {args.init}: missing {missing[:5]}, unexpected {unexpected[:5]}")
        log["init"] = args.init.name
    log["parameters"] = sum(p.numel() for p in model.parameters())
    print(f"{len(train)} training sentences, {log['train_pieces']} pieces; {log['parameters'] / 1e6:.1f}M parameters", flush=True)

    no_decay = lambda n: n.endswith("bias") or "LayerNorm" in n  # noqa: E731
    groups = [
        {"params": [p for n, p in model.named_parameters() if not no_decay(n)], "weight_decay": args.weight_decay},
        {"params": [p for n, p in model.named_parameters() if no_decay(n)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=args.lr)
    rng = random.Random(args.seed)
    steps_per_epoch = sum(1 for _ in batches(train, args.batch_tokens, random.Random(0)))
    total = max(1, math.ceil(steps_per_epoch * args.epochs))
    if args.max_steps:
        total = min(total, args.max_steps)
    warmup = max(1, int(total * args.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup))))
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    log["steps"] = total
    log["steps_per_epoch"] = steps_per_epoch
    step, epoch, started = 0, 0, time.time()
    model.train()
    while step < total:
        epoch_loss, epoch_batches, epoch_start = 0.0, 0, time.time()
        for ids, mask, y in batches(train, args.batch_tokens, rng):
            logits = model(ids, mask, torch.zeros_like(ids))
            loss = loss_fn(logits.reshape(-1, len(LABELS)), y.reshape(-1))
            epoch_loss += optimizer_step(model, loss, optimizer, schedule)
            step += 1
            epoch_batches += 1
            if step % 100 == 0:
                print(f"step {step}/{total} loss {epoch_loss / epoch_batches:.4f} {time.time() - started:.0f}s", flush=True)
            if step >= total:
                break
        epoch += 1
        scores = evaluate(model, heldout, label2id)
        entry = {"epoch": epoch, "steps": step, "train_loss": round(epoch_loss / max(1, epoch_batches), 4),
                 "seconds": round(time.time() - epoch_start, 1), "heldout": scores}
        log["epochs"].append(entry)
        print(json.dumps(entry), flush=True)
    log["train_seconds"] = round(time.time() - started, 1)
    if args.no_export:
        return
    log["onnx_check"] = export(model, args, config)
    (args.out / "train_log.json").write_text(json.dumps(log, indent=2) + "\n")
    write_card(args.out, log)
    print(f"wrote {args.out}", flush=True)


def results_table() -> str:
    """The evaluation table of bench/multilingual-ner.ts, when results/multilingual-ner has one."""
    report = REPO / "results" / "multilingual-ner" / "report.md"
    if not report.exists():
        return "Not measured yet: run `bench/multilingual-ner.ts --out results/multilingual-ner`, then this script with `--card-only`."
    text = report.read_text()
    return text[text.index("\n") + 1:].strip() if text.startswith("# ") else text.strip()


def write_card(out: Path, log: dict) -> None:
    a = log["args"]
    sentences = ", ".join(f"{k} {v}" for k, v in log["train_sentences"].items())
    last = log["epochs"][-1]["heldout"]
    heldout = " · ".join(f"{k} R {v['recall']} P {v['precision']}" for k, v in last.items())
    checks = log["onnx_check"]
    share = a.get("running_text", 0)
    running = (f"; a share of {share} of the sentences as running text (punctuation glued to the word before it, "
               f"as in real text) instead of the corpora's space-separated tokens") if share else ""
    sampled = (f" (`--sample {a['sample']}`: a set repeated or sub-sampled to weight the mix)" if a.get("sample") else "")
    stages = ""
    if log.get("previous_stage"):
        p = log["previous_stage"]
        held = p["heldout"].get("conll/de", {})
        stages = (f"\n| training stages | two runs of this script: a first one from random weights ({p['steps']} steps, lr {p['args']['lr']}, "
                  f"`--sample {p['args'].get('sample', '')}`, seed {p['args']['seed']}, {p['train_seconds']} s on {p['args']['threads']} threads "
                  f"shared with another training; held-out conll/de R {held.get('recall')} P {held.get('precision')}), then the run above "
                  f"continued from its fp32 weights (`--init`) with the settings in the rows above |")
    card = f"""# multilingual-ner

A small multilingual named-entity recognizer (PER, ORG, LOC, MISC; CoNLL BIO labels) for the `neural`
detector layer: `createNeuralLayer({{ model: 'multilingual-ner', dtype: 'q8' }})`. The pipeline's
`CONLL_LABEL_MAP` maps PER → PERSON, ORG → ORG, LOC → LOC, MISC → MISC. Trained here from random
weights (no pre-trained model) by `training/train_multilingual_ner.py`, on CPU.

| | |
|---|---|
| architecture | BERT (`BertForTokenClassification`), {a['layers']} layers, hidden {a['hidden']}, {a['heads']} heads, intermediate {a['intermediate']}, {a['max_positions']} positions, {log['parameters'] / 1e6:.1f}M parameters |
| tokenizer | SentencePiece Unigram, {log['tokenizer'].get('pieces', a['vocab_size'])} pieces, `nmt_nfkc` normalisation, character coverage 0.9995, trained on the training texts below; XLM-R specials `<s> <pad> </s> <unk> <mask>` (ids 0, 1, 2, 3, last), Metaspace `▁` pre-tokenizer and decoder |
| training data | train splits of `../shared/datasets/ner/`: {sentences} sentences{sampled}{running} |
| labels | {", ".join(log["labels"])}; a piece takes its token's tag (B- on the token's first piece only) |
| hyper-parameters | {log['steps']} steps ({log['steps'] / log['steps_per_epoch']:.2f} of an epoch: the time budget), about {a['batch_tokens']} pieces per batch (sentences of similar length), sentences cut at {a['max_train_length']} pieces, AdamW lr {a['lr']}, weight decay {a['weight_decay']}, linear warm-up {a['warmup']} then linear decay, dropout {a['dropout']}, seed {a['seed']} |
| training time | {log['train_seconds']} s on {a['threads']} CPU threads (shared, `nice`) |{stages}
| held-out check (first {a['val']} val sentences per set, PER/ORG/LOC tokens, no label match) | {heldout} |
| ONNX | opset 17, inputs `input_ids`, `attention_mask`, `token_type_ids` int64 [batch, sequence] → `logits`; fp32 vs PyTorch max abs logit difference {checks['model.onnx']['max_abs_diff']:.2e}, int8 {checks['model_quantized.onnx']['max_abs_diff']:.2e} (onnxruntime-node) |
| weights | `onnx/model_quantized.onnx` only (`dtype: 'q8'`, `training/quantize.py`: dynamic int8 MatMuls, int8 word embeddings). The fp32 file is not committed (retraining writes it and removes it after quantizing) |

## Evaluation

{results_table()}

## Limitations

- Small and briefly trained (CPU only): the German-weighted mix (`--sample`) is seen about twice. Token recall
  without label match is high on WikiANN and WikiNEuRal, but the type (PER/ORG/LOC) is often wrong (R_l well
  below R), and German CoNLL (news, every noun capitalised, umlauts dropped in the shipped files) misses the
  0.85 recall target even with the recall-oriented decoding below.
- **Recall-oriented decoding for German.** `config.json` holds `sanitext.outside_threshold: {{"de": 0.8}}`: on
  German documents the pipeline's default neural layer keeps a word outside every entity only when P(O) ≥ 0.8
  (`outsideThreshold`), which trades precision for recall. 0.8 is the smallest value of the grid whose recall
  reaches 0.85 on the whole German CoNLL validation split (`bench/outside-threshold.ts`: R 0.787 → 0.859,
  P 0.907 → 0.816); Dutch, Spanish and English reach 0.85 without it. The test figures are in the table above.
- Capitalised sentence-initial words and titles ("Ayer", "Bundeskanzler") are sometimes taken as names.
- Scripts and languages outside the training data (French, Italian, Portuguese are only in the WikiNEuRal
  evaluation) work through shared Latin-script names; Cyrillic comes from WikiANN Russian alone.
- Trained on the corpora's space-separated tokens only, and evaluated on them: in running text a sentence-final
  period can end up inside the last entity (`Warszawie.`). `--running-text 0.5` (half the training sentences
  with punctuation glued to the word before it) is implemented but was not trained for lack of time.

## Data and licences

CoNLL-2003 (English: Reuters RCV1; German: Frankfurter Rundschau) and CoNLL-2002 (Spanish: EFE; Dutch: De
Morgen) are distributed for research use only under the terms of their source corpora; WikiANN (Pan et al.
2017, labels derived from Wikipedia links, silver) is released for research under the terms of its
release and of Wikipedia's CC BY-SA text. **This model is trained on them and inherits their terms: research
use only.** The WikiNEuRal test sets (CC BY-NC-SA 4.0) are used for evaluation only, not for training. The
German CoNLL files as shipped have a broken character encoding (e.g. `Erzдhlung`); the model learnt them as
they are.

## Retrain

```sh
# stage 1 (the tokenizer is the committed one: copy tokenizer.json and tokenizer_config.json into the stage-1 folder)
SANITEXT_DATA_DIR=/path/to/datasets nice /usr/bin/python3 training/train_multilingual_ner.py --out .cache/models/mner-stage1 \
  --reuse-tokenizer --keep-fp32 --sample "$SAMPLE" --epochs 10 --max-steps 1800
# stage 2, into models/multilingual-ner
SANITEXT_DATA_DIR=/path/to/datasets nice /usr/bin/python3 training/train_multilingual_ner.py --reuse-tokenizer \
  --init .cache/models/mner-stage1/onnx/model.onnx --lr 5e-4 --warmup 0.02 --seed 16 --threads 1 --sample "$SAMPLE" --epochs 10 --max-steps 1500
SANITEXT_DATA_DIR=/path/to/datasets npx tsx bench/outside-threshold.ts      # German threshold, on val
SANITEXT_DATA_DIR=/path/to/datasets nice npx tsx bench/multilingual-ner.ts --out results/multilingual-ner
/usr/bin/python3 training/train_multilingual_ner.py --card-only
```

with `SAMPLE=conll/de=3,wikiann/de=0.35,wikiann/en=0.35,wikiann/es=0.35,wikiann/nl=0.35,wikiann/pl=0.35,wikiann/ru=0.35`
(German CoNLL three times over, each WikiANN language a 35% sample). Without `--reuse-tokenizer` the first
stage trains a new vocabulary.

Each training stage tokenizes with the inference tokenizer (`training/export-multilingual-pieces.ts`),
trains, exports and quantizes; `train_log.json` holds the raw figures of both stages. The evaluation table
above comes from `bench/multilingual-ner.ts`.
"""
    (out / "README.md").write_text(card)


if __name__ == "__main__":
    main()
