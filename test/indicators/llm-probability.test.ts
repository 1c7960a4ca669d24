import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldCandidates, loadDataset, type Document } from '../../src/corpus/index.ts';
import { LlmProbabilityIndicator, SPAN_FEATURE_NAMES, indicatorFactory, spanFeatures } from '../../src/indicators/index.ts';
import { MaskedLmEngine } from '../../src/lm/index.ts';

let engine: MaskedLmEngine;
let docs: Document[];
// Both trainings below score the same spans: the second one reads them from this cache.
const cacheDir = mkdtempSync(join(tmpdir(), 'sanitext-llm-'));

beforeAll(async () => {
  engine = await MaskedLmEngine.create({ precision: 'q8', threads: 2, cacheDir });
  docs = (await loadDataset('sample')).documents;
}, 60_000);
afterAll(async () => {
  await engine.dispose();
  rmSync(cacheDir, { recursive: true, force: true });
});

/** Four training documents keep the test fast (each span is one forward pass with q8). */
const items = (split: string, count: number) =>
  docs
    .filter((d) => d.split === split)
    .slice(0, count)
    .map((doc) => ({ doc, spans: goldCandidates(doc) }));

describe('span features', () => {
  it('aggregates log-probabilities, counts words and pieces, one-hot encodes the PII type', () => {
    const text = 'born on 19 August 2004 in Gdańsk';
    const span = { start: 8, end: 22, entityId: 'e1', entityType: 'DATETIME' };
    const features = spanFeatures(text, span, { tokenIds: [1, 2, 3, 4], logProbs: [-4, -1, -2, -3] });
    expect(features).toHaveLength(SPAN_FEATURE_NAMES.length);
    expect(features.slice(0, 7)).toEqual([-4, -1, -2.5, -2.5, -10, 3, 4]);
    expect(features.slice(7)).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);
  });
});

describe('LLM-probability indicator on the bundled sample', () => {
  it('trains on the train split, scores, decides, saves and reloads', async () => {
    const indicator = new LlmProbabilityIndicator({ engine, classifier: 'logistic' });
    await indicator.fit(items('train', 4));
    const test = items('test', 1);
    const risks = await indicator.score(test[0].doc, test[0].spans);
    expect(risks).toHaveLength(test[0].spans.length);
    for (const risk of risks) {
      expect(risk).toBeGreaterThanOrEqual(0);
      expect(risk).toBeLessThanOrEqual(1);
    }
    expect(new Set(risks.map((r) => r.toFixed(6))).size).toBeGreaterThan(1);
    expect(indicator.decide([0.2, 0.5, 0.9])).toEqual([false, true, true]);
    expect(indicator.decide([0.2, 0.5, 0.9], 0.95)).toEqual([false, false, false]);
    const reloaded = LlmProbabilityIndicator.fromJSON(JSON.parse(JSON.stringify(indicator.toJSON())), engine);
    expect(await reloaded.score(test[0].doc, test[0].spans)).toEqual(risks);
    // Better than always answering the majority label on the training spans.
    const train = items('train', 4);
    const rows = (await indicator.features(train)).flat();
    const labels = train.flatMap((i) => i.spans.map((s) => (s.label === 'MASK' ? 1 : 0)));
    const predicted = indicator.decide(indicator.scoreRows(rows));
    const accuracy = predicted.filter((p, i) => (p ? 1 : 0) === labels[i]).length / labels.length;
    const majority = Math.max(labels.filter((l) => l === 1).length, labels.filter((l) => l === 0).length) / labels.length;
    expect(accuracy).toBeGreaterThanOrEqual(majority);
  }, 60_000);

  it('is registered as "llm-probability" and fits an ensemble through the registry', async () => {
    const indicator = await indicatorFactory('llm-probability')({ engine, folds: 3 });
    expect(indicator.name).toBe('llm-probability');
    await indicator.fit(items('train', 4));
    const json = indicator.toJSON!() as { classifier: { kind: string } };
    expect(json.classifier.kind).toBe('ensemble');
  }, 60_000);

  it('refuses to score before training', async () => {
    const indicator = new LlmProbabilityIndicator({ engine });
    await expect(indicator.score(docs[0], goldCandidates(docs[0]))).rejects.toThrow(/before fit/);
  });
});
