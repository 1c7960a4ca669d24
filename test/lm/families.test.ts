/**
 * Every model-based component with the non-WordPiece fixtures (training/make_tiny_fixtures.py):
 * numbers compared with a direct computation on the same ONNX file through onnxruntime.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldCandidates, loadDataset, type Document } from '../../src/corpus/index.ts';
import { acquireEncoder, buildSpanScorerGraph, createTokenClassifier, maxSequenceLength, MaskedLm, MaskedLmEngine, MlmWeighting, onnxModelType, piecesOverlapping } from '../../src/lm/index.ts';
import { referenceLogProb } from './helpers.ts';
import { FIXTURES } from './tokenizer-checks.ts';

const BPE_MLM = join(FIXTURES, 'tiny-roberta-bpe-mlm');
const UNIGRAM_MLM = join(FIXTURES, 'tiny-xlmr-unigram-mlm');
const BPE_NER = join(FIXTURES, 'tiny-roberta-bpe-ner');
const BPE_ENCODER = join(FIXTURES, 'tiny-roberta-bpe-encoder');

let docs: Document[];
const sessions = new Map<string, InferenceSession>();
beforeAll(async () => {
  docs = (await loadDataset('sample')).documents;
});
afterAll(async () => {
  for (const session of sessions.values()) await session.release();
});

/** Full logits of one sequence, run directly on the folder's ONNX file (no Transformers.js, no graph rewrite). */
async function directLogits(folder: string, ids: readonly number[], attention: readonly number[] = ids.map(() => 1)) {
  let session = sessions.get(folder);
  if (!session) {
    session = await InferenceSession.create(join(folder, 'onnx', 'model.onnx'), { intraOpNumThreads: 1 });
    sessions.set(folder, session);
  }
  const dims = [1, ids.length];
  const output = await session.run({
    input_ids: new Tensor('int64', BigInt64Array.from(ids, BigInt), dims),
    attention_mask: new Tensor('int64', BigInt64Array.from(attention, BigInt), dims),
  });
  const logits = output.logits;
  return { data: logits.data as Float32Array, seqLength: ids.length, vocabSize: logits.dims[2] };
}

describe('maximum positions', () => {
  it('takes RoBERTa-style position offsets off max_position_embeddings', () => {
    expect(maxSequenceLength({ model_type: 'bert', max_position_embeddings: 512, pad_token_id: 0 })).toBe(512);
    expect(maxSequenceLength({ model_type: 'roberta', max_position_embeddings: 514, pad_token_id: 1 })).toBe(512);
    expect(maxSequenceLength({ model_type: 'longformer', max_position_embeddings: 4098, pad_token_id: 1 })).toBe(4096);
    expect(maxSequenceLength({ model_type: 'xlm-roberta', max_position_embeddings: 514, pad_token_id: 1 })).toBe(512);
    expect(maxSequenceLength({ model_type: 'electra', max_position_embeddings: 512 })).toBe(512);
  });
});

for (const [name, folder] of [
  ['byte-level BPE RoBERTa', BPE_MLM],
  ['SentencePiece Unigram XLM-R', UNIGRAM_MLM],
] as const) {
  describe(`masked-LM engine, ${name}`, () => {
    let engine: MaskedLmEngine;
    beforeAll(async () => {
      engine = await MaskedLmEngine.create({ model: folder, dtype: 'fp32', threads: 1, batchSize: 4 });
    });
    afterAll(async () => engine.dispose());

    it('reads the mask and template from the tokenizer, windows from the model positions, and cuts the lm_head', () => {
      const tokenizer = engine.lm.tokenizer;
      expect(engine.lm.special.mask).toBe(tokenizer.reference._tokenizer.token_to_id('<mask>'));
      expect([engine.lm.special.prefix, engine.lm.special.suffix]).toEqual([[0], [2]]);
      expect(engine.lm.maxLength).toBe(128); // max_position_embeddings 130 − 2
      expect(engine.windowLength).toBe(128);
      expect(engine.lm.scoringPath).toBe('head-on-targets');
    });

    it('gives the log-probabilities of a direct full-model computation, windows included', async () => {
      const doc = docs.reduce((a, b) => (engine.tokenize(a.text).ids.length >= engine.tokenize(b.text).ids.length ? a : b));
      const tokens = engine.tokenize(doc.text);
      expect(tokens.ids.length).toBeGreaterThan(300); // several windows
      const all = goldCandidates(doc);
      const spans = [all[0], all[Math.floor(all.length / 2)], all[all.length - 1]];
      const results = await engine.spanLogProbs(doc, spans.map((span) => ({ span })));
      const { prefix, suffix, mask } = engine.lm.special;
      for (const [i, span] of spans.entries()) {
        const pieces = piecesOverlapping(tokens, span.start, span.end);
        expect(pieces.length).toBeGreaterThan(0);
        expect(results[i].tokenIds).toEqual(pieces.map((p) => tokens.ids[p]));
        const window = engine.windowFor(tokens.ids.length, pieces[0], pieces[pieces.length - 1]);
        const ids = [...prefix];
        for (let p = window.start; p < window.end; p++) ids.push(pieces.includes(p) ? mask : tokens.ids[p]);
        ids.push(...suffix);
        expect(ids.length).toBeLessThanOrEqual(128);
        const logits = await directLogits(folder, ids);
        pieces.forEach((p, k) => expect(Math.abs(results[i].logProbs[k] - referenceLogProb(logits, 0, prefix.length + p - window.start, tokens.ids[p]))).toBeLessThan(1e-4));
      }
    });
  });
}

describe('information-content weighting with a RoBERTa masked LM', () => {
  it('masks with attention 0 inside <s> … </s> and gives −ln min p of a direct computation', async () => {
    const lm = await MaskedLm.load({ model: BPE_MLM, dtype: 'fp32', threads: 1 });
    try {
      const text = 'Alice Smith lives in Paris.';
      const units = [
        { start: 0, end: 11 },
        { start: 21, end: 26 },
      ];
      const tokens = lm.tokenizer.tokenize(text);
      const unitPositions = units.map((u) => piecesOverlapping(tokens, u.start, u.end).map((p) => p + 1));
      const original = [0, ...tokens.ids, 2];
      const masked = new Set(unitPositions.flat());
      const logits = await directLogits(
        BPE_MLM,
        original.map((id, i) => (masked.has(i) ? lm.special.mask : id)),
        original.map((_, i) => (masked.has(i) ? 0 : 1)),
      );
      const expected = unitPositions.map((positions) => -Math.min(...positions.map((p) => referenceLogProb(logits, 0, p, original[p]))));
      const weights = await new MlmWeighting(lm).weights(text, units, 'hand');
      weights.forEach((w, i) => expect(Math.abs(w - expected[i])).toBeLessThan(1e-4));
    } finally {
      await lm.dispose();
    }
  });
});

describe('an fp32 graph whose MLM head cannot be cut', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'sanitext-uncut-'));
    cpSync(BPE_MLM, folder, { recursive: true });
    // Rename the head's nodes: the rewrite no longer recognises a head.
    const type = onnxModelType();
    const file = join(folder, 'onnx', 'model.onnx');
    const model = type.decode(readFileSync(file)) as unknown as { graph: { node: { name?: string }[] } };
    for (const node of model.graph.node) if (node.name?.startsWith('/lm_head/')) node.name = node.name.replace('/lm_head/', '/head/');
    writeFileSync(file, type.encode(model as never).finish());
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('falls back to full logits with the same numbers, and says so once', async () => {
    expect(buildSpanScorerGraph(readFileSync(join(folder, 'onnx', 'model.onnx'))).ok).toBe(false);
    const warnings: string[] = [];
    const a = await MaskedLm.load({ model: folder, dtype: 'fp32', threads: 1, warn: (m) => warnings.push(m) });
    const b = await MaskedLm.load({ model: folder, dtype: 'fp32', threads: 2, warn: (m) => warnings.push(m) });
    try {
      expect(a.scoringPath).toBe('full-logits');
      expect(warnings.length).toBe(1);
      expect(warnings[0]).toMatch(/cannot run on scored positions only .*no node named .*; scoring through full logits/);
      const ids = [0, ...a.tokenizer.tokenize('Alice lives in Paris.').ids, 2];
      ids[2] = a.special.mask;
      const [got] = await a.targetLogProbs([{ ids: Int32Array.from(ids), attention: new Uint8Array(ids.length).fill(1) }], [[{ position: 2, tokenId: 100 }]]);
      const logits = await directLogits(BPE_MLM, ids);
      expect(Math.abs(got[0] - referenceLogProb(logits, 0, 2, 100))).toBeLessThan(1e-4);
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });
});

describe('a graph that takes a global attention mask (Longformer)', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'sanitext-global-'));
    cpSync(BPE_MLM, folder, { recursive: true });
    const type = onnxModelType();
    const file = join(folder, 'onnx', 'model.onnx');
    const model = type.decode(readFileSync(file)) as unknown as { graph: { input: unknown[] } };
    const dims = { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }] };
    model.graph.input.push({ name: 'global_attention_mask', type: { tensorType: { elemType: 7, shape: dims } } });
    writeFileSync(file, type.encode(model as never).finish());
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('is fed zeros (local attention everywhere) on both scoring paths', async () => {
    const gathered = await MaskedLm.load({ model: folder, dtype: 'fp32', threads: 1 });
    const full = await MaskedLm.load({ model: folder, dtype: 'fp32', threads: 1, headOnTargetsOnly: false });
    try {
      expect(gathered.scoringPath).toBe('head-on-targets');
      const ids = [0, ...gathered.tokenizer.tokenize('Alice lives in Paris.').ids, 2];
      ids[2] = gathered.special.mask;
      const sequence = [{ ids: Int32Array.from(ids), attention: new Uint8Array(ids.length).fill(1) }];
      const expected = referenceLogProb(await directLogits(BPE_MLM, ids), 0, 2, 100);
      for (const lm of [gathered, full]) {
        const [got] = await lm.targetLogProbs(sequence, [[{ position: 2, tokenId: 100 }]]);
        expect(Math.abs(got[0] - expected)).toBeLessThan(1e-4);
      }
    } finally {
      await Promise.all([gathered.dispose(), full.dispose()]);
    }
  });
});

describe('token classifier with a byte-level BPE RoBERTa', () => {
  it('classifies on the ids of Transformers.js with the probabilities of a direct run, long documents in windows', async () => {
    const classifier = await createTokenClassifier(BPE_NER, { dtype: 'fp32', threads: 1, maxLength: 64 });
    try {
      expect(classifier.labels).toEqual(['O', 'B-PERSON', 'I-PERSON', 'B-ORG', 'I-ORG']);
      const text = 'Mr Jan Kowalski of Gdańsk Shipyard 😀 met Ms Brown.';
      const result = await classifier.classify(text);
      const reference = (await AutoTokenizer.from_pretrained(BPE_NER, { local_files_only: true })).encode(text, { add_special_tokens: false });
      expect(result.pieces.map((p) => p.id)).toEqual(reference);
      const logits = await directLogits(BPE_NER, [0, ...reference, 2]);
      result.pieces.forEach((piece, i) => {
        const row = Array.from(logits.data.subarray((i + 1) * 5, (i + 2) * 5));
        const max = Math.max(...row);
        const sum = row.reduce((a, v) => a + Math.exp(v - max), 0);
        row.forEach((v, k) => expect(Math.abs(piece.probs[k] - Math.exp(v - max) / sum)).toBeLessThan(1e-5));
        // Each piece belongs to the word it starts in (or, for a lone "Ġ", the word before).
        const word = result.words[piece.word];
        expect(piece.start >= word.start && (piece.start < word.end || piece.end === piece.start || /^\s*$/.test(text.slice(piece.start, piece.end)))).toBe(true);
      });
      const long = docs.reduce((a, b) => (a.text.length >= b.text.length ? a : b));
      const classified = await classifier.classify(long.text);
      expect(classified.pieces.length).toBeGreaterThan(200);
      expect(classified.pieces.every((p) => p.probs.length === 5 && Math.abs(p.probs.reduce((a, v) => a + v, 0) - 1) < 1e-5)).toBe(true);
    } finally {
      await classifier.dispose();
    }
  });
});

describe('encoder loader with a RoBERTa encoder', () => {
  it('takes <s>/</s>/<pad> from the tokenizer and the usable positions from the config', async () => {
    const { lease } = await acquireEncoder({ model: BPE_ENCODER, dtype: 'fp32', threads: 1, role: 'test encoder' });
    try {
      const core = lease.value;
      expect(core.special).toEqual({ cls: 0, sep: 2, pad: 1 });
      expect(core.maxLength).toBe(128);
      expect(core.dimension).toBe(64);
      expect(core.tokenizer.family).toBe('byte-level-bpe');
    } finally {
      await lease.release();
    }
  });
});
