"""Training data for the token classifiers.

Reads the word pieces that training/export-pieces.ts wrote (ids + UTF-16 offsets produced by the
inference code itself, so tokenization is identical to what the TypeScript side sees at run time),
aligns BIO labels with gold character spans, and cuts documents into overlapping windows exactly
like `pieceWindows` in src/lm/token-classifier.ts.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

ENTITY_TYPES = ["PERSON", "ORG", "LOC", "DATETIME", "CODE", "QUANTITY", "DEM", "MISC"]
MASK_TYPES = ["MASK"]
CLS_ID, SEP_ID, PAD_ID = 2, 3, 0  # minibert-en-cased: [PAD]=0 [CLS]=2 [SEP]=3


def bio_labels(types: list[str]) -> list[str]:
    return ["O"] + [f"{prefix}-{t}" for t in types for prefix in ("B", "I")]


@dataclass
class Span:
    start: int
    end: int
    label: str


@dataclass
class PieceDocument:
    id: str
    split: str | None
    ids: list[int]
    starts: list[int]
    ends: list[int]
    spans: list[Span] = field(default_factory=list)


def read_export(path: Path) -> list[dict]:
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: run `npx tsx training/export-pieces.ts` first")
    return json.loads(path.read_text())["documents"]


def to_document(raw: dict, keep) -> PieceDocument:
    """`keep(mention) -> label or None` chooses which gold mentions become spans, and their label."""
    spans = []
    for start, end, entity_type, identifier_type in raw["mentions"]:
        label = keep(entity_type, identifier_type)
        if label is not None and end > start:
            spans.append(Span(start, end, label))
    return PieceDocument(raw["id"], raw["split"], raw["ids"], raw["starts"], raw["ends"], spans)


def piece_label_ids(doc: PieceDocument, label2id: dict[str, int]) -> list[int]:
    """BIO label per piece: a piece belongs to a span when their character ranges overlap; the first
    piece of a span is B, the rest I. On overlapping spans the longest wins (paper §4.2)."""
    labels = [label2id["O"]] * len(doc.ids)
    taken = [False] * len(doc.ids)
    ordered = sorted(doc.spans, key=lambda s: (-(s.end - s.start), s.start))
    starts = doc.starts
    import bisect

    for span in ordered:
        # Pieces are in text order: find the first piece whose end passes the span start.
        i = bisect.bisect_right(doc.ends, span.start)
        covered = []
        while i < len(doc.ids) and starts[i] < span.end:
            if doc.ends[i] > span.start:
                covered.append(i)
            i += 1
        if not covered or any(taken[i] for i in covered):
            continue
        for k, i in enumerate(covered):
            labels[i] = label2id[("B-" if k == 0 else "I-") + span.label]
            taken[i] = True
    return labels


def piece_windows(count: int, size: int, overlap: int) -> tuple[list[tuple[int, int]], list[int]]:
    """Mirror of pieceWindows() in src/lm/token-classifier.ts: windows and, per piece, the window
    where it is most central."""
    step = size - overlap
    windows = []
    start = 0
    while True:
        end = min(start + size, count)
        windows.append((start, end))
        if end >= count:
            break
        start += step
    owner = [-1] * count
    for i in range(count):
        best, best_margin = -1, -1
        for w, (s, e) in enumerate(windows):
            if s <= i < e:
                margin = min(i - s, e - 1 - i)
                if margin > best_margin:
                    best, best_margin = w, margin
        owner[i] = best
    return windows, owner


@dataclass
class Example:
    input_ids: list[int]
    labels: list[int]  # -100 on [CLS]/[SEP]


def windows_for_training(docs: list[PieceDocument], label2id: dict[str, int], max_length: int, overlap: int) -> list[Example]:
    size = max_length - 2
    out = []
    for doc in docs:
        if not doc.ids:
            continue
        labels = piece_label_ids(doc, label2id)
        windows, _ = piece_windows(len(doc.ids), size, overlap)
        for s, e in windows:
            out.append(Example([CLS_ID] + doc.ids[s:e] + [SEP_ID], [-100] + labels[s:e] + [-100]))
    return out


def split_holdout(docs: list, fraction: float, seed: int) -> tuple[list, list]:
    """Seeded document-level hold-out (documents, never windows, so no text leaks across)."""
    order = sorted(docs, key=lambda d: d.id)
    random.Random(seed).shuffle(order)
    n = max(1, round(len(order) * fraction))
    held = {d.id for d in order[:n]}
    return [d for d in docs if d.id not in held], [d for d in docs if d.id in held]


def mask_label(entity_type: str, identifier_type: str | None) -> str | None:
    """MASK for DIRECT/QUASI mentions, and for every masked-spans mention (no identifier types)."""
    return "MASK" if identifier_type in (None, "DIRECT", "QUASI") else None


def ner_label(entity_type: str, identifier_type: str | None) -> str | None:
    return entity_type if entity_type in ENTITY_TYPES else None


def check_train_only(docs: list[PieceDocument], name: str) -> None:
    if any(d.split != "train" for d in docs):
        raise ValueError(f"{name} holds non-train documents: dev and test must never be trained on here")


def load_task(task: str, export_dir: Path, seed: int, use_silver: bool = False, data: str = "all") -> dict:
    """Train and held-out documents plus the label set for one of the three models. `data`: "all"
    (every TAB training document we have) or "tab144" (the 92 tab144 train documents, the first models)."""
    export_dir = Path(export_dir)
    if task == "tab-ner":
        tab = [to_document(d, ner_label) for d in read_export(export_dir / "tab144.json")]
        heldout = [d for d in tab if d.split == "dev"]
        if data == "all":
            train = [to_document(d, ner_label) for d in read_export(export_dir / "tab-typed-train.json")]
            check_train_only(train, "tab-typed-train.json")
            documents = len({d.id.split("#")[0] for d in train})
            sources = {f"TAB train with identifier types (tab144 train ∪ tab_train_full, all mentions; one entry per annotator, {len(train)} entries)": documents}
        else:
            train = [d for d in tab if d.split == "train"]
            sources = {"tab144 train (gold, all mentions)": len(train)}
        if use_silver:
            silver = [to_document(d, ner_label) for d in read_export(export_dir / "silver.json")]
            train += silver
            sources["silver (training/make-silver.ts)"] = len(silver)
        return {"labels": bio_labels(ENTITY_TYPES), "train": train, "heldout": heldout, "sources": sources,
                "heldout_name": "tab144 dev (21 documents)"}
    if task == "tab-mask":
        masked_dev = [to_document(d, mask_label) for d in read_export(export_dir / "tab-masked-dev.json")]
        if any(d.split != "dev" for d in masked_dev):
            raise ValueError("tab-masked-dev.json holds non-dev documents: the test split must never be trained on")
        dev_train, heldout = split_holdout(masked_dev, 0.1, seed)
        if data == "all":
            train_tab = [to_document(d, mask_label) for d in read_export(export_dir / "tab-masked-train.json")]
            check_train_only(train_tab, "tab-masked-train.json")
            name = "TAB train masked spans (tab_masked_spans_train)"
        else:
            train_tab = [to_document(d, mask_label) for d in read_export(export_dir / "tab144.json") if d["split"] == "train"]
            name = "tab144 train (DIRECT+QUASI = MASK)"
        return {"labels": bio_labels(MASK_TYPES), "train": train_tab + dev_train, "heldout": heldout,
                "sources": {name: len(train_tab), "tab-masked dev (masked spans)": len(dev_train)},
                "heldout_name": f"{len(heldout)} tab-masked dev documents (seeded 10% hold-out)"}
    if task == "wiki-mask":
        wiki = [to_document(d, mask_label) for d in read_export(export_dir / "wiki-train-masked.json")]
        train, heldout = split_holdout(wiki, 0.1, seed)
        return {"labels": bio_labels(MASK_TYPES), "train": train, "heldout": heldout,
                "sources": {"wiki-train-masked (masked spans)": len(train)},
                "heldout_name": f"{len(heldout)} wiki-train-masked documents (seeded 10% hold-out)"}
    raise ValueError(f"unknown task {task!r} (tab-ner, tab-mask, wiki-mask)")
