import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldCandidates, loadDataset, type CandidateSpan, type Corpus, type Document, type Span } from '../../src/corpus/index.ts';
import { evaluate } from '../../src/eval/index.ts';
import { indicatorFactory } from '../../src/indicators/index.ts';
import { PerturbationIndicator, bestThreshold, risksFromPairs, type PerturbationJson } from '../../src/indicators/perturbation.ts';
import type { SpanDocument } from '../../src/indicators/types.ts';
import { MaskedLmEngine } from '../../src/lm/index.ts';

// A short window (64 pieces) makes the sample documents span several windows, so that some
// entities do fall outside a target's window; q8 keeps the test fast, and the engine's disk cache
// answers repeated identical requests (a fit's risks scored again).
let engine: MaskedLmEngine;
let sample: Corpus;
const cacheDir = mkdtempSync(join(tmpdir(), 'sanitext-perturbation-'));

beforeAll(async () => {
  engine = await MaskedLmEngine.create({ precision: 'q8', threads: 2, windowLength: 64, cacheDir });
  sample = await loadDataset('sample');
}, 60_000);

afterAll(async () => {
  await engine.dispose();
  rmSync(cacheDir, { recursive: true, force: true });
});

function sentence(text: string, mentions: string[]): { doc: Document; spans: CandidateSpan[] } {
  const spans = mentions.map((m, i): CandidateSpan => {
    const start = text.indexOf(m);
    if (start < 0) throw new Error(`"${m}" is not in the sentence`);
    return { start, end: start + m.length, entityId: `e${i}`, entityType: i === 0 ? 'LOC' : 'MISC' };
  });
  return { doc: { id: 'sentence', text, goldKind: 'tab', annotations: [] }, spans };
}

describe('perturbation indicator', () => {
  it('finds that a related entity gives the target away more than an unrelated one', async () => {
    const indicator = new PerturbationIndicator({ engine });
    const item = sentence('The applicant, Mr John Smith, was born in 1960 and lives in Paris, the capital of France. He was interviewed on Tuesday.', ['Paris', 'France', 'Tuesday']);
    const [{ pairs }] = await indicator.perturbations([item]);
    const difference = (entityId: string): number => pairs.find((p) => p.target === 0 && p.entityId === entityId)!.difference;
    // Measured with the bundled q8 model: France 1.50 nats, Tuesday 0.10.
    expect(difference('e1')).toBeGreaterThan(difference('e2') + 0.5);
    expect(difference('e1')).toBeGreaterThan(0.5);
    // Under the default (paper) attribution the entity that gives Paris away carries the risk.
    const risks = await indicator.score(item.doc, item.spans);
    expect(risks[1]).toBeGreaterThanOrEqual(difference('e1'));
  });

  it('skipping entities outside the target window gives the exhaustive risks', async () => {
    const items: SpanDocument[] = sample.documents.slice(0, 1).map((doc) => ({ doc, spans: goldCandidates(doc) }));
    const indicator = new PerturbationIndicator({ engine });
    const skipped = await indicator.perturbations(items);
    const exhaustive = await indicator.perturbations(items, { exhaustive: true });
    expect(skipped[0].skipped).toBeGreaterThan(0);
    expect(exhaustive[0].skipped).toBe(0);
    expect(skipped[0].requests).toBeLessThan(exhaustive[0].requests);
    // Every pair the skip left out is exactly 0 when computed, and computed pairs agree.
    const byKey = new Map(exhaustive[0].pairs.map((p) => [`${p.target}|${p.entityId}`, p.difference]));
    expect(byKey.size).toBe(skipped[0].pairs.length);
    for (const pair of skipped[0].pairs) expect(byKey.get(`${pair.target}|${pair.entityId}`)).toBe(pair.difference);
    for (const attribution of ['perturbing', 'target'] as const) {
      expect(risksFromPairs(items[0].spans, skipped[0], attribution)).toEqual(risksFromPairs(items[0].spans, exhaustive[0], attribution));
    }
    expect(await indicator.scoreMany(items)).toEqual([risksFromPairs(items[0].spans, exhaustive[0], 'perturbing')]);
  });

  it('fits the threshold that maximizes P + R_direct + R_quasi (Eq. 1) on the training documents', async () => {
    const train: SpanDocument[] = sample.documents.filter((d) => d.split === 'train').slice(0, 2).map((doc) => ({ doc, spans: goldCandidates(doc) }));
    const indicator = new PerturbationIndicator({ engine, gridSize: 10_000 });
    await indicator.fit(train);
    const risks = await indicator.scoreMany(train);

    // Eq. 1 computed here, independently, at every threshold that changes the decisions.
    const corpus: Corpus = { name: 'train', source: 'test', documents: train.map((t) => t.doc) };
    const objective = async (threshold: number): Promise<number> => {
      const system = new Map<string, Span[]>(train.map(({ doc, spans }, i) => [doc.id, spans.filter((_, s) => risks[i][s] >= threshold)]));
      const { metrics } = await evaluate(corpus, system);
      return metrics.token_precision + (metrics.recall_direct_entities ?? 0) + (metrics.recall_quasi_entities ?? 0);
    };
    const distinct = [...new Set(risks.flat())].sort((a, b) => a - b);
    const objectives = await Promise.all(distinct.map(objective));
    const best = Math.max(...objectives);
    expect(await objective(indicator.threshold)).toBeCloseTo(best, 10);
    expect(indicator.thresholdCurve.map((p) => p.threshold)).toEqual(distinct);
    expect(indicator.thresholdCurve.map((p) => p.objective)).toEqual(objectives.map((o) => expect.closeTo(o, 10)));
    expect(bestThreshold(indicator.thresholdCurve)).toBe(indicator.threshold);

    // The masking decisions follow the threshold, and the curve survives a JSON round trip.
    expect(indicator.decide([indicator.threshold - 1e-9, indicator.threshold])).toEqual([false, true]);
    const json = JSON.parse(JSON.stringify(indicator.toJSON())) as PerturbationJson;
    expect(json.thresholdCurve).toHaveLength(distinct.length);
    const reloaded = PerturbationIndicator.fromJSON(json, engine);
    expect(reloaded.threshold).toBe(indicator.threshold);
    expect(await reloaded.score(train[0].doc, train[0].spans)).toEqual(risks[0]);
  });

  it('is registered and takes the shared engine from the runner', async () => {
    const indicator = await indicatorFactory('perturbation')({ seed: 3, engine, aggregate: 'mean' });
    expect(indicator).toBeInstanceOf(PerturbationIndicator);
    expect((indicator as PerturbationIndicator).options.aggregate).toBe('mean');
  });
});
