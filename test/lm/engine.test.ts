import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldCandidates, loadDataset, type Document } from '../../src/corpus/index.ts';
import { coreferentRequests } from '../../src/indicators/features.ts';
import { DEFAULT_MODEL_DIR, MaskedLmEngine, buildSpanScorerGraph, piecesOverlapping, type SpanLogProbs } from '../../src/lm/index.ts';
import { referenceLogProb } from './helpers.ts';

let engine: MaskedLmEngine;
let docs: Document[];

beforeAll(async () => {
  engine = await MaskedLmEngine.create({ precision: 'q8', threads: 2, batchSize: 8 });
  docs = (await loadDataset('sample')).documents;
}, 60_000);

afterAll(async () => engine.dispose());

/** The span's log-probabilities computed by hand: one sequence, one forward pass. */
async function directLogProbs(doc: Document, span: { start: number; end: number }, extra: { start: number; end: number }[], window: { start: number; end: number }): Promise<number[]> {
  const tokens = engine.tokenize(doc.text);
  const { prefix, suffix, mask } = engine.lm.special;
  const pieces = piecesOverlapping(tokens, span.start, span.end);
  const masked = new Set([...pieces, ...extra.flatMap((e) => piecesOverlapping(tokens, e.start, e.end))]);
  expect([prefix.length, suffix.length]).toEqual([1, 1]); // [CLS] … [SEP]
  const ids = [...prefix];
  for (let p = window.start; p < window.end; p++) ids.push(masked.has(p) ? mask : tokens.ids[p]);
  ids.push(...suffix);
  const logits = await engine.lm.forward([{ ids: Int32Array.from(ids), attention: new Uint8Array(ids.length).fill(1) }]);
  return pieces.map((p) => referenceLogProb(logits, 0, 1 + p - window.start, tokens.ids[p]));
}

const maxDifference = (a: SpanLogProbs[], b: SpanLogProbs[]): number =>
  Math.max(...a.flatMap((r, i) => r.logProbs.map((v, k) => Math.abs(v - b[i].logProbs[k]))));

describe('masked-LM engine', () => {
  it('tokenizes like Transformers.js, with offsets that point at each piece', () => {
    for (const doc of docs) {
      const tokens = engine.tokenize(doc.text);
      expect([...tokens.ids]).toEqual(engine.lm.referenceTokenizer.encode(doc.text, { add_special_tokens: false }));
    }
    const text = 'Mr Kołodziński (“the applicant”) was born in 1962.';
    const tokens = engine.tokenize(text);
    const tokenText = (id: number) => engine.lm.referenceTokenizer._tokenizer.id_to_token(id)!.replace(/^##/, '');
    [...tokens.ids].forEach((id, i) => expect(text.slice(tokens.starts[i], tokens.ends[i])).toBe(tokenText(id)));
  });

  it('gives the log-probabilities of a direct single-span computation on real text', async () => {
    const doc = docs[0];
    const spans = goldCandidates(doc).slice(0, 6);
    const pieceCount = engine.tokenize(doc.text).ids.length;
    expect(pieceCount).toBeLessThan(510); // the whole document is the window
    const results = await engine.spanLogProbs(doc, spans.map((span) => ({ span })));
    for (const [i, span] of spans.entries()) {
      const expected = await directLogProbs(doc, span, [], { start: 0, end: pieceCount });
      expect(results[i].logProbs.length).toBe(expected.length);
      expect(expected.length).toBeGreaterThan(0);
      results[i].logProbs.forEach((v, k) => expect(Math.abs(v - expected[k])).toBeLessThan(1e-4));
      results[i].logProbs.forEach((v) => expect(v).toBeLessThan(0));
    }
  });

  it('masks the extra spans (coreferent mentions) too', async () => {
    const doc = docs[0];
    const requests = coreferentRequests(goldCandidates(doc)).filter((r) => (r.extraMasked ?? []).length > 0);
    expect(requests.length).toBeGreaterThan(0);
    const request = requests[0];
    const [withExtra] = await engine.spanLogProbs(doc, [request]);
    const [alone] = await engine.spanLogProbs(doc, [{ span: request.span }]);
    const window = { start: 0, end: engine.tokenize(doc.text).ids.length };
    const expected = await directLogProbs(doc, request.span, [...request.extraMasked!], window);
    withExtra.logProbs.forEach((v, k) => expect(Math.abs(v - expected[k])).toBeLessThan(1e-4));
    expect(maxDifference([withExtra], [alone])).toBeGreaterThan(1e-3);
  });

  it('reads a span of a long document from the window where it is most central', async () => {
    const long: Document = { ...docs[0], id: 'long', text: docs.map((d) => d.text).join('\n\n') };
    const tokens = engine.tokenize(long.text);
    expect(tokens.ids.length).toBeGreaterThan(1200);
    const piece = 700;
    const span = { start: tokens.starts[piece], end: tokens.ends[piece + 1] };
    const window = engine.windowFor(tokens.ids.length, piece, piece + 1);
    expect(window.end - window.start).toBe(510);
    const centre = (window.start + window.end) / 2;
    expect(Math.abs(centre - piece)).toBeLessThanOrEqual(engine.stride / 2 + 1);
    const [result] = await engine.spanLogProbs(long, [{ span }]);
    const expected = await directLogProbs(long, span, [], window);
    result.logProbs.forEach((v, k) => expect(Math.abs(v - expected[k])).toBeLessThan(1e-4));
    // Spans near the ends get the first / last window.
    expect(engine.windowFor(tokens.ids.length, 3, 4).start).toBe(0);
    expect(engine.windowFor(tokens.ids.length, tokens.ids.length - 2, tokens.ids.length - 1).end).toBe(tokens.ids.length);
  });

  it('gives the same numbers batched, shared and one at a time (fp32, |Δ| ≤ 1e-4)', async () => {
    const items = docs.slice(0, 2).map((doc) => ({ doc, requests: coreferentRequests(goldCandidates(doc)).slice(0, 16) }));
    const batchedEngine = await MaskedLmEngine.create({ precision: 'fp32', threads: 2, batchSize: 8 });
    const single = await MaskedLmEngine.create({ precision: 'fp32', threads: 2, batchSize: 1 });
    try {
      const batched = await batchedEngine.scoreJobs(items);
      expect(batchedEngine.counters.sequences).toBeGreaterThan(batchedEngine.counters.forwardPasses);
      // Mentions of one entity share their masked sequence: fewer sequences than spans.
      expect(batchedEngine.counters.sequences).toBeLessThan(items.reduce((a, i) => a + i.requests.length, 0));
      for (const [i, item] of items.entries()) {
        const oneByOne: SpanLogProbs[] = [];
        for (const request of item.requests.slice(0, 6)) oneByOne.push((await single.spanLogProbs(item.doc, [request]))[0]);
        expect(maxDifference(oneByOne, batched[i].slice(0, 6))).toBeLessThanOrEqual(1e-4);
      }
      expect(single.counters.forwardPasses).toBe(single.counters.sequences);
    } finally {
      await Promise.all([single.dispose(), batchedEngine.dispose()]);
    }
  }, 60_000);

  it('runs a quantized model one sequence per pass, so that batching cannot change its numbers', async () => {
    expect(engine.batchSize).toBe(1);
    const before = { ...engine.counters };
    await engine.spanLogProbs(docs[2], coreferentRequests(goldCandidates(docs[2])).slice(0, 4));
    expect(engine.counters.forwardPasses - before.forwardPasses).toBe(engine.counters.sequences - before.sequences);
  });

  it('caches results on disk and returns them unchanged', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'sanitext-lm-'));
    try {
      const cached = await MaskedLmEngine.create({ precision: 'q8', threads: 2, cacheDir });
      const doc = docs[1];
      const requests = coreferentRequests(goldCandidates(doc)).slice(0, 8);
      const first = await cached.spanLogProbs(doc, requests);
      const passes = cached.counters.forwardPasses;
      expect(readdirSync(cacheDir)).toHaveLength(1);
      const second = await cached.spanLogProbs(doc, requests);
      expect(cached.counters.forwardPasses).toBe(passes);
      expect(cached.counters.cacheHits).toBe(1);
      expect(second).toEqual(first);
      // A different request list is a different key.
      await cached.spanLogProbs(doc, requests.slice(1));
      expect(readdirSync(cacheDir)).toHaveLength(2);
      await cached.dispose();
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('returns no log-probabilities for a span that covers no word-piece, and names the span when it cannot fit', async () => {
    const doc: Document = { ...docs[0], id: 'tiny', text: 'Alice  met Bob.' };
    const [blank] = await engine.spanLogProbs(doc, [{ span: { start: 5, end: 7 } }]);
    expect(blank.logProbs).toEqual([]);
    const huge: Document = { ...docs[0], id: 'huge', text: 'word '.repeat(600) };
    await expect(engine.spanLogProbs(huge, [{ span: { start: 0, end: 3000 } }])).rejects.toThrow(/document huge, span 0-3000/);
  });
});

describe('MLM head on scored positions only', () => {
  it('rewrites a PyTorch-exported fp32 graph and refuses a dynamically quantized head', () => {
    const fp32 = buildSpanScorerGraph(readFileSync(join(DEFAULT_MODEL_DIR, 'onnx', 'model.onnx')));
    expect(fp32.ok).toBe(true);
    const q8 = buildSpanScorerGraph(readFileSync(join(DEFAULT_MODEL_DIR, 'onnx', 'model_quantized.onnx')));
    expect(q8.ok).toBe(false);
    if (!q8.ok) expect(q8.reason).toMatch(/activations/);
    expect(engine.lm.scoringPath).toBe('full-logits');
  });

  it('gives the numbers of full logits (fp32, |Δ| ≤ 1e-4), padded targets included', async () => {
    const items = docs.slice(3, 6).map((doc) => ({ doc, requests: coreferentRequests(goldCandidates(doc)).slice(0, 12) }));
    const gathered = await MaskedLmEngine.create({ precision: 'fp32', threads: 2, batchSize: 4 });
    const full = await MaskedLmEngine.create({ precision: 'fp32', threads: 2, batchSize: 4, headOnTargetsOnly: false });
    try {
      expect(gathered.lm.scoringPath).toBe('head-on-targets');
      expect(full.lm.scoringPath).toBe('full-logits');
      const a = await gathered.scoreJobs(items);
      const b = await full.scoreJobs(items);
      a.forEach((doc, i) => expect(maxDifference(doc, b[i])).toBeLessThanOrEqual(1e-4));
      expect(a.flat().some((r) => r.logProbs.length > 1)).toBe(true);
    } finally {
      await Promise.all([gathered.dispose(), full.dispose()]);
    }
  }, 60_000);
});
