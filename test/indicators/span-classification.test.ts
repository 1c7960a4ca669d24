import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldCandidates, loadDataset, type Corpus, type Document } from '../../src/corpus/index.ts';
import { indicatorFactory } from '../../src/indicators/index.ts';
import { SpanClassificationIndicator, fitPca, project, type SpanClassificationJson } from '../../src/indicators/span-classification.ts';
import { SpanEncoder } from '../../src/indicators/span-encoder.ts';
import type { SpanDocument } from '../../src/indicators/types.ts';
import { MaskedLmEngine } from '../../src/lm/index.ts';

let encoder: SpanEncoder;
let engine: MaskedLmEngine;
let sample: Corpus;
const cacheDir = mkdtempSync(join(tmpdir(), 'sanitext-span-classification-'));

beforeAll(async () => {
  encoder = await SpanEncoder.create({ threads: 2, cacheDir: join(cacheDir, 'encoder') });
  // A 64-piece masked-LM window keeps the sample's log-probability features cheap on two cores;
  // its disk cache answers the reloaded indicator's identical requests.
  engine = await MaskedLmEngine.create({ precision: 'q8', threads: 2, windowLength: 64, cacheDir: join(cacheDir, 'lm') });
  sample = await loadDataset('sample');
}, 60_000);

afterAll(async () => {
  await encoder.dispose();
  await engine.dispose();
  rmSync(cacheDir, { recursive: true, force: true });
});

const textDoc = (id: string, text: string): Document => ({ id, text, goldKind: 'tab', annotations: [] });
const spanOf = (text: string, word: string): { start: number; end: number } => ({ start: text.indexOf(word), end: text.indexOf(word) + word.length });
const cosine = (a: Float32Array, b: Float32Array): number => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((v, i) => ((dot += v * b[i]), (na += v * v), (nb += b[i] * b[i])));
  return dot / Math.sqrt(na * nb);
};

describe('span encoder', () => {
  const first = 'The applicant was born in Paris and moved to Lyon in 1990.';
  const second = 'Paris Saint-Germain won the match against Marseille on Sunday.';

  it('gives 256-dimensional vectors, the same for the same span in any batch or call', async () => {
    const span = spanOf(first, 'Paris');
    const alone = await encoder.encode(textDoc('a', first), [span]);
    const crowded = await encoder.encodeMany([
      { doc: textDoc('b', second), spans: [spanOf(second, 'Marseille'), spanOf(second, 'Sunday')] },
      { doc: textDoc('a', first), spans: [spanOf(first, 'Lyon'), span] },
    ]);
    expect(alone.contextual[0]).toHaveLength(256);
    expect(alone.alone[0]).toHaveLength(256);
    expect(alone.contextual[0].some((v) => v !== 0)).toBe(true);
    expect(crowded[1].contextual[1]).toEqual(alone.contextual[0]);
    expect(crowded[1].alone[1]).toEqual(alone.alone[0]);
    // The disk cache hands back the same numbers.
    const hits = encoder.counters.cacheHits;
    expect(await encoder.encode(textDoc('a', first), [span])).toEqual(alone);
    expect(encoder.counters.cacheHits).toBe(hits + 1);
    expect(readdirSync(join(cacheDir, 'encoder')).length).toBeGreaterThan(0);
  });

  it('changes the contextual vector, not the stand-alone one, with the context', async () => {
    const [a, b] = await encoder.encodeMany([
      { doc: textDoc('a', first), spans: [spanOf(first, 'Paris')] },
      { doc: textDoc('b', second), spans: [spanOf(second, 'Paris')] },
    ]);
    expect(b.alone[0]).toEqual(a.alone[0]);
    expect(cosine(a.contextual[0], b.contextual[0])).toBeLessThan(0.99);
    expect(cosine(a.contextual[0], a.alone[0])).toBeLessThan(0.999);
  });
});

describe('span-classification indicator', () => {
  it('fits on the sample train split, scores the test split in [0, 1] and reloads from JSON', async () => {
    const items = (split: string): SpanDocument[] => sample.documents.filter((d) => d.split === split).map((doc) => ({ doc, spans: goldCandidates(doc) }));
    const indicator = new SpanClassificationIndicator({ engine, encoder, classifier: 'forest', components: 16 });
    await indicator.fit(items('train'));
    const test = items('test');
    const risks = await Promise.all(test.map(({ doc, spans }) => indicator.score(doc, spans)));
    const flat = risks.flat();
    expect(flat).toHaveLength(test.reduce((a, t) => a + t.spans.length, 0));
    for (const risk of flat) {
      expect(risk).toBeGreaterThanOrEqual(0);
      expect(risk).toBeLessThanOrEqual(1);
    }
    // The classifier separates the gold decisions of unseen documents better than chance.
    const labels = test.flatMap((t) => t.spans.map((s) => s.label === 'MASK'));
    const meanRisk = (mask: boolean): number => {
      const chosen = flat.filter((_, i) => labels[i] === mask);
      return chosen.reduce((a, b) => a + b, 0) / chosen.length;
    };
    expect(meanRisk(true)).toBeGreaterThan(meanRisk(false));

    const json = JSON.parse(JSON.stringify(indicator.toJSON())) as SpanClassificationJson;
    expect(json.featureNames).toHaveLength(15 + 16);
    const reloaded = SpanClassificationIndicator.fromJSON(json, { engine, encoder });
    const again = await Promise.all(test.map(({ doc, spans }) => reloaded.score(doc, spans)));
    expect(again).toEqual(risks);
  });

  it('projects on principal components in order of variance', () => {
    // Points on a line y = 2x with a little noise along the other axis.
    const rows = Array.from({ length: 50 }, (_, i) => [i, 2 * i + (i % 2 === 0 ? 0.1 : -0.1)]);
    const pca = fitPca(rows, 2);
    const [u] = pca.components;
    expect(Math.abs(u[1] / u[0])).toBeCloseTo(2, 2);
    const projected = rows.map((r) => project(pca, r));
    const variance = (k: number): number => projected.reduce((a, p) => a + p[k] ** 2, 0);
    expect(variance(0)).toBeGreaterThan(1000 * variance(1));
  });

  it('is registered and accepts the runner options', async () => {
    const indicator = await indicatorFactory('span-classification')({ seed: 5, engine, classifier: 'logistic' });
    expect(indicator).toBeInstanceOf(SpanClassificationIndicator);
    expect((indicator as SpanClassificationIndicator).options).toMatchObject({ seed: 5, classifier: 'logistic', vectors: 'both' });
  });
});
