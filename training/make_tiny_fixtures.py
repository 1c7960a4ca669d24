"""Tiny models of the two non-WordPiece tokenizer families, made here as test fixtures.

    /usr/bin/python3 training/make_tiny_fixtures.py [--out test/fixtures/models]

writes, in the Transformers.js layout (config.json, tokenizer.json, tokenizer_config.json,
onnx/model.onnx), under the output folder:

- tiny-roberta-bpe-mlm:   a RoBERTa masked LM with a byte-level BPE tokenizer (GPT-2 bytes, `Ġ`),
                          the `lm_head` layout (dense, GELU, layer_norm, decoder);
- tiny-roberta-bpe-ner:   a RoBERTa token classifier with the same tokenizer (BIO over PERSON/ORG);
- tiny-roberta-bpe-encoder: the masked LM's body alone (`last_hidden_state`), for the encoder loader;
- tiny-xlmr-unigram-mlm:  an XLM-R style masked LM with a SentencePiece Unigram tokenizer (`▁`).

The tokenizers are trained on the bundled texts (datasets/sample and datasets/pii): the byte-level
BPE merges by a plain counting BPE written here (the `tokenizers` package is not installed), the
Unigram model by `sentencepiece`. The networks are NOT trained: their weights are random (seeded,
std 0.2 so that log-probabilities differ clearly between positions), because the tests only
compare our engine with a direct computation on the same ONNX file and our ids with Transformers.js.

The RoBERTa body reuses training/bert.py's encoder (post-LayerNorm, exact GELU); what differs is
RoBERTa's embeddings: no token types, positions counted from padding_idx + 1 over non-pad tokens
(so max_position_embeddings = usable length + 2), computed inside the graph as Hugging Face does.
Needs Debian's python3-torch, python3-onnx and python3-sentencepiece; runs in a few seconds.
"""
from __future__ import annotations

import argparse
import base64
import collections
import json
import re
import sys
import tempfile
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bert import BertConfig, BertEncoder  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED = 15
HIDDEN, LAYERS, HEADS, INTERMEDIATE = 64, 2, 4, 128
# 128 usable positions (RoBERTa adds padding_idx + 1 = 2): long enough for sentences, short
# enough that the bundled sample documents need several windows.
MAX_POSITIONS = 130
BPE_VOCAB = 700
UNIGRAM_VOCAB = 700
NER_LABELS = ["O", "B-PERSON", "I-PERSON", "B-ORG", "I-ORG"]
# RoBERTa / XLM-R special tokens and ids.
BOS, PAD, EOS, UNK, MASK = "<s>", "<pad>", "</s>", "<unk>", "<mask>"


def texts() -> list[str]:
    sample = json.loads((REPO / "datasets/sample/sample.json").read_text())
    pii = json.loads((REPO / "datasets/pii/pii-v1.json").read_text())
    pii_docs = pii if isinstance(pii, list) else pii.get("documents", [])
    return [d["text"] for d in sample] + [d["text"] for d in pii_docs]


def sentences(corpus: list[str]) -> list[str]:
    out = []
    for text in corpus:
        for line in text.splitlines():
            out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if s.strip())
    return out


# ---------------------------------------------------------------- byte-level BPE (GPT-2 style)

def bytes_to_unicode() -> dict[int, str]:
    bs = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


# GPT-2's pre-tokenizer with Python's `re` (no \p{L}): letters, digits, other, spaces. Only the
# training counts use it; Transformers.js tokenizes with the real ByteLevel regex.
GPT2_SPLIT = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?[^\s\w]+|\s+(?!\S)|\s+""")


def train_byte_bpe(corpus: list[str], vocab_size: int) -> tuple[dict[str, int], list[list[str]]]:
    byte_char = bytes_to_unicode()
    words = collections.Counter()
    for text in corpus:
        for word in GPT2_SPLIT.findall(text):
            words[tuple(byte_char[b] for b in word.encode("utf-8"))] += 1
    vocab = {BOS: 0, PAD: 1, EOS: 2, UNK: 3}
    for b in range(256):
        vocab[byte_char[b]] = len(vocab)
    merges: list[list[str]] = []
    words = dict(words)
    while len(vocab) < vocab_size - 1:
        pairs = collections.Counter()
        for word, count in words.items():
            for a, b in zip(word, word[1:]):
                pairs[a, b] += count
        if not pairs:
            break
        (a, b), _ = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
        merges.append([a, b])
        vocab.setdefault(a + b, len(vocab))
        merged = {}
        for word, count in words.items():
            out, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and word[i] == a and word[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + count
        words = merged
    vocab[MASK] = len(vocab)
    return vocab, merges


def added_tokens(ids: dict[str, int]) -> list[dict]:
    return [{"id": i, "content": t, "single_word": False, "lstrip": t == MASK, "rstrip": False, "normalized": False, "special": True}
            for t, i in sorted(ids.items(), key=lambda kv: kv[1])]


def roberta_tokenizer_config(tokenizer_class: str) -> dict:
    return {
        "tokenizer_class": tokenizer_class, "bos_token": BOS, "eos_token": EOS, "sep_token": EOS, "cls_token": BOS,
        "unk_token": UNK, "pad_token": PAD,
        "mask_token": {"content": MASK, "lstrip": True, "rstrip": False, "normalized": False, "single_word": False, "__type": "AddedToken"},
        "model_max_length": MAX_POSITIONS - 2,
    }


def write_bpe_tokenizer(folder: Path, vocab: dict[str, int], merges: list[list[str]]) -> None:
    specials = {t: vocab[t] for t in (BOS, PAD, EOS, UNK, MASK)}
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": added_tokens(specials),
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "RobertaProcessing", "sep": [EOS, vocab[EOS]], "cls": [BOS, vocab[BOS]], "trim_offsets": True, "add_prefix_space": False},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "", "end_of_word_suffix": "",
                  "fuse_unk": False, "byte_fallback": False, "ignore_merges": False, "vocab": vocab, "merges": merges},
    }
    (folder / "tokenizer.json").write_text(json.dumps(tokenizer, ensure_ascii=False))
    (folder / "tokenizer_config.json").write_text(json.dumps(roberta_tokenizer_config("RobertaTokenizer"), indent=1))


# ---------------------------------------------------------------- SentencePiece Unigram (XLM-R style)

def train_unigram(corpus_lines: list[str], vocab_size: int, work: Path) -> tuple[list[list], bytes]:
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as model_pb2

    text_file = work / "corpus.txt"
    text_file.write_text("\n".join(corpus_lines))
    prefix = work / "unigram"
    spm.SentencePieceTrainer.train(
        input=str(text_file), model_prefix=str(prefix), vocab_size=vocab_size - 1, model_type="unigram",
        bos_id=0, pad_id=1, eos_id=2, unk_id=3, bos_piece=BOS, pad_piece=PAD, eos_piece=EOS, unk_piece=UNK,
        character_coverage=1.0, seed_sentencepiece_size=20000, num_threads=1, minloglevel=2,
        normalization_rule_name="nmt_nfkc",
    )
    proto = model_pb2.ModelProto()
    proto.ParseFromString((work / "unigram.model").read_bytes())
    vocab = [[p.piece, 0.0 if p.type != 1 else p.score] for p in proto.pieces]
    vocab.append([MASK, 0.0])
    return vocab, proto.normalizer_spec.precompiled_charsmap


def write_unigram_tokenizer(folder: Path, vocab: list[list], charsmap: bytes) -> None:
    ids = {piece: i for i, (piece, _) in enumerate(vocab)}
    specials = {t: ids[t] for t in (BOS, PAD, EOS, UNK, MASK)}
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": added_tokens(specials),
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Precompiled", "precompiled_charsmap": base64.b64encode(charsmap).decode("ascii")},
            {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
        ]},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": BOS, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": EOS, "type_id": 0}}],
                           "pair": [{"SpecialToken": {"id": BOS, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": EOS, "type_id": 0}},
                                    {"SpecialToken": {"id": EOS, "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": EOS, "type_id": 0}}],
                           "special_tokens": {t: {"id": t, "ids": [ids[t]], "tokens": [t]} for t in (BOS, EOS)}},
        "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": ids[UNK], "vocab": vocab, "byte_fallback": False},
    }
    (folder / "tokenizer.json").write_text(json.dumps(tokenizer, ensure_ascii=False))
    (folder / "tokenizer_config.json").write_text(json.dumps(roberta_tokenizer_config("XLMRobertaTokenizer"), indent=1))


# ---------------------------------------------------------------- a RoBERTa in plain PyTorch

def encoder_config(vocab_size: int) -> BertConfig:
    return BertConfig(vocab_size=vocab_size, hidden_size=HIDDEN, num_hidden_layers=LAYERS, num_attention_heads=HEADS,
                      intermediate_size=INTERMEDIATE, max_position_embeddings=MAX_POSITIONS, type_vocab_size=1,
                      layer_norm_eps=1e-5, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)


class RobertaEmbeddings(nn.Module):
    def __init__(self, c: BertConfig, padding_idx: int):
        super().__init__()
        self.padding_idx = padding_idx
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size, padding_idx=padding_idx)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size, padding_idx=padding_idx)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        # Hugging Face's create_position_ids_from_input_ids: non-pad tokens count from padding_idx + 1.
        not_pad = input_ids.ne(self.padding_idx).int()
        positions = (torch.cumsum(not_pad, dim=1).type_as(not_pad) * not_pad).long() + self.padding_idx
        return self.LayerNorm(self.word_embeddings(input_ids) + self.position_embeddings(positions))


class RobertaModel(nn.Module):
    def __init__(self, c: BertConfig, padding_idx: int):
        super().__init__()
        self.embeddings = RobertaEmbeddings(c, padding_idx)
        self.encoder = BertEncoder(c)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        additive = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
        return self.encoder(self.embeddings(input_ids), additive)


class RobertaLMHead(nn.Module):
    """RoBERTa's `lm_head`: dense, GELU, layer_norm, decoder (+ bias)."""

    def __init__(self, c: BertConfig):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.layer_norm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.decoder = nn.Linear(c.hidden_size, c.vocab_size)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.layer_norm(nn.functional.gelu(self.dense(h))))


class RobertaForMaskedLM(nn.Module):
    def __init__(self, c: BertConfig, padding_idx: int):
        super().__init__()
        self.roberta = RobertaModel(c, padding_idx)
        self.lm_head = RobertaLMHead(c)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.lm_head(self.roberta(input_ids, attention_mask))


class RobertaForTokenClassification(nn.Module):
    def __init__(self, c: BertConfig, padding_idx: int, num_labels: int):
        super().__init__()
        self.roberta = RobertaModel(c, padding_idx)
        self.classifier = nn.Linear(c.hidden_size, num_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.roberta(input_ids, attention_mask))


def randomize(model: nn.Module) -> None:
    """Seeded random weights, large enough that outputs vary clearly between positions."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm" in name or "layer_norm" in name:
                continue
            p.normal_(0.0, 0.2)


def export(model: nn.Module, folder: Path, vocab_size: int, pad_id: int, output: str = "logits") -> None:
    model.eval()
    (folder / "onnx").mkdir(parents=True, exist_ok=True)
    ids = torch.randint(4, vocab_size - 1, (2, 12))
    mask = torch.ones_like(ids)
    mask[1, 8:] = 0
    ids[1, 8:] = pad_id
    torch.onnx.export(
        model, (ids, mask), str(folder / "onnx" / "model.onnx"),
        input_names=["input_ids", "attention_mask"], output_names=[output],
        dynamic_axes={n: {0: "batch_size", 1: "sequence_length"} for n in ["input_ids", "attention_mask", output]},
        opset_version=17, do_constant_folding=True,
    )


def model_config(model_type: str, architecture: str, vocab_size: int, extra: dict | None = None) -> dict:
    return {
        "architectures": [architecture], "model_type": model_type, "vocab_size": vocab_size,
        "hidden_size": HIDDEN, "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": INTERMEDIATE,
        "hidden_act": "gelu", "max_position_embeddings": MAX_POSITIONS, "type_vocab_size": 1, "layer_norm_eps": 1e-5,
        "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0,
        "bos_token_id": 0, "pad_token_id": 1, "eos_token_id": 2, **(extra or {}),
    }


def write_model(folder: Path, model: nn.Module, config: dict, output: str = "logits") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(config, indent=1))
    export(model, folder, config["vocab_size"], config["pad_token_id"], output)
    (folder / "README.md").write_text(
        f"# {folder.name}\n\nA test fixture made by `training/make_tiny_fixtures.py` (random weights, seed {SEED}; "
        f"tokenizer trained on datasets/sample and datasets/pii). {config['architectures'][0]}, "
        f"{LAYERS} layers, hidden {HIDDEN}, {MAX_POSITIONS - 2} positions. Not a useful model: it only exercises the code.\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(REPO / "test/fixtures/models"))
    out = Path(parser.parse_args().out)
    torch.manual_seed(SEED)
    corpus = texts()

    vocab, merges = train_byte_bpe(corpus, BPE_VOCAB)
    c = encoder_config(len(vocab))
    mlm = RobertaForMaskedLM(c, padding_idx=vocab[PAD])
    randomize(mlm)
    folder = out / "tiny-roberta-bpe-mlm"
    write_model(folder, mlm, model_config("roberta", "RobertaForMaskedLM", len(vocab)))
    write_bpe_tokenizer(folder, vocab, merges)

    folder = out / "tiny-roberta-bpe-encoder"
    write_model(folder, mlm.roberta, model_config("roberta", "RobertaModel", len(vocab)), output="last_hidden_state")
    write_bpe_tokenizer(folder, vocab, merges)

    ner = RobertaForTokenClassification(c, padding_idx=vocab[PAD], num_labels=len(NER_LABELS))
    randomize(ner)
    folder = out / "tiny-roberta-bpe-ner"
    labels = {"id2label": {str(i): l for i, l in enumerate(NER_LABELS)}, "label2id": {l: i for i, l in enumerate(NER_LABELS)}}
    write_model(folder, ner, model_config("roberta", "RobertaForTokenClassification", len(vocab), labels))
    write_bpe_tokenizer(folder, vocab, merges)

    with tempfile.TemporaryDirectory() as work:
        unigram, charsmap = train_unigram(sentences(corpus), UNIGRAM_VOCAB, Path(work))
    c = encoder_config(len(unigram))
    xlmr = RobertaForMaskedLM(c, padding_idx=1)
    randomize(xlmr)
    folder = out / "tiny-xlmr-unigram-mlm"
    write_model(folder, xlmr, model_config("xlm-roberta", "XLMRobertaForMaskedLM", len(unigram)))
    write_unigram_tokenizer(folder, unigram, charsmap)
    for name in ("tiny-roberta-bpe-mlm", "tiny-roberta-bpe-encoder", "tiny-roberta-bpe-ner", "tiny-xlmr-unigram-mlm"):
        size = sum(f.stat().st_size for f in (out / name).rglob("*") if f.is_file())
        print(f"{out / name}: {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
