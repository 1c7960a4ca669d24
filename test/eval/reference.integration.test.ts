/** Full-dataset cross-check of the scorer against a naive transcription of the spec. */
import { describe, expect, it } from 'vitest';
import { loadDataset, type Corpus, type Span } from '../../src/corpus/index.ts';
import { evaluate, roundHalfEven3, roundMetrics } from '../../src/eval/index.ts';
import { referenceScores } from '../helpers/reference-scorer.ts';

const dataDir = process.env.SANITEXT_DATA_DIR;

/** Deterministic pseudo-random numbers, so the perturbed system is the same every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function systems(corpus: Corpus): Record<string, Map<string, Span[]>> {
  const rand = lcg(7);
  const whole = new Map<string, Span[]>();
  const everything = new Map<string, Span[]>();
  const perturbed = new Map<string, Span[]>();
  for (const doc of corpus.documents) {
    const mentions = doc.annotations.flatMap((a) => a.mentions);
    whole.set(doc.id, mentions.filter((m) => m.identifierType !== 'NO_MASK').map(({ start, end }) => ({ start, end })));
    everything.set(doc.id, mentions.map(({ start, end }) => ({ start, end })));
    perturbed.set(
      doc.id,
      mentions
        .filter(() => rand() < 0.8)
        .map(({ start, end }) => ({ start: Math.max(0, start + Math.floor(rand() * 5) - 2), end: Math.min(doc.text.length, end + Math.floor(rand() * 5) - 2) }))
        .filter((s) => s.end >= s.start),
    );
  }
  return { whole, everything, perturbed };
}

describe.skipIf(!dataDir)('scorer against the spec on full datasets', () => {
  for (const selector of ['tab144:test', 'wiki-test']) {
    it(`${selector}: same figures as the naive transcription, for three systems`, async () => {
      const corpus = await loadDataset(selector, dataDir);
      for (const [name, system] of Object.entries(systems(corpus))) {
        const ours = roundMetrics((await evaluate(corpus, system)).metrics);
        const reference = referenceScores(corpus, system);
        for (const [key, value] of Object.entries(reference)) {
          expect(ours[key as keyof typeof ours], `${selector} ${name} ${key}`).toBe(roundHalfEven3(value));
        }
      }
    });
  }

  it('whole gold mentions give full precision and entity recall on tab144:test', async () => {
    const corpus = await loadDataset('tab144:test', dataDir);
    const m = (await evaluate(corpus, systems(corpus).whole)).metrics;
    expect([m.recall_direct_entities, m.recall_quasi_entities, m.token_precision, m.mention_precision]).toEqual([1, 1, 1, 1]);
    // Token recall stays below 1: NO_MASK mentions of entities that need masking count (spec).
    expect(m.token_recall).toBeLessThan(1);
  });
});
