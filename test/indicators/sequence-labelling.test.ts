import { beforeAll, describe, expect, it } from 'vitest';
import type { CandidateSpan, Document } from '../../src/corpus/index.ts';
import { indicatorFactory } from '../../src/indicators/index.ts';
import {
  maskLabelIndices,
  SequenceLabellingIndicator,
  spanRisk,
  unitMaskProbabilities,
} from '../../src/indicators/sequence-labelling.ts';
import type { ClassifiedPiece } from '../../src/lm/token-classifier.ts';

/** A piece with labels [O, B-MASK, I-MASK] whose MASK probability is `mask`. */
const piece = (start: number, end: number, word: number, mask: number): ClassifiedPiece => ({
  start,
  end,
  word,
  id: 5,
  probs: Float32Array.from([1 - mask, mask / 2, mask / 2]),
});

describe('sequence-labelling scores', () => {
  const text = 'Mr Jan Kowalski, teacher';
  // "Jan" is one piece, "Kowalski" two pieces of which only the second looks MASK.
  const pieces = [piece(0, 2, 0, 0.1), piece(3, 6, 1, 0.9), piece(7, 11, 2, 0.2), piece(11, 15, 2, 0.7), piece(15, 16, 3, 0.05), piece(17, 24, 4, 0.3)];

  it('finds the MASK labels of a model', () => {
    expect(maskLabelIndices(['O', 'B-MASK', 'I-MASK'])).toEqual([1, 2]);
    expect(maskLabelIndices(['O', 'B-PERSON', 'I-PERSON'])).toEqual([]);
  });

  it('gives each word unit the highest MASK probability of its pieces', () => {
    const units = unitMaskProbabilities(text, { start: 0, end: 15 }, pieces, [1, 2]);
    expect(units.map((p) => Math.round(p * 100) / 100)).toEqual([0.1, 0.9, 0.7]);
  });

  it('full match takes the least MASK word, partial match the most', () => {
    const units = [0.1, 0.9, 0.7];
    expect(spanRisk(units, 'full')).toBeCloseTo(0.1, 6);
    expect(spanRisk(units, 'partial')).toBeCloseTo(0.9, 6);
    expect(spanRisk([], 'partial')).toBe(0);
  });

  it('decides with the configured threshold or the one given', () => {
    const full = new SequenceLabellingIndicator({ match: 'full', threshold: 0.5 });
    const risks = [0.1, 0.5, 0.9];
    expect(full.decide(risks)).toEqual([false, true, true]);
    expect(full.decide(risks, 0.95)).toEqual([false, false, false]);
    expect(new SequenceLabellingIndicator({ threshold: 0.05 }).decide(risks)).toEqual([true, true, true]);
  });

  it('rejects unknown options', () => {
    expect(() => new SequenceLabellingIndicator({ match: 'some' as 'full' })).toThrow();
    expect(() => indicatorFactory('sequence-labelling')({ modle: 'x' })).toThrow();
  });
});

describe('sequence-labelling with the committed minibert-tab-mask model', () => {
  const text =
    'The applicant, Mr Jan Kowalski, was born in 1962 and lives in Gdańsk. On 12 March 2001 the Gdańsk Regional ' +
    'Court sentenced him to two years of imprisonment. The Court notes that the Government did not contest the facts.';
  const doc: Document = { id: 'seq-test-1', text, goldKind: 'tab', annotations: [] };
  const span = (surface: string, entityType: string): CandidateSpan => {
    const start = text.indexOf(surface);
    return { start, end: start + surface.length, entityId: surface, entityType };
  };
  const spans = [span('Jan Kowalski', 'PERSON'), span('12 March 2001', 'DATETIME'), span('Kowalski, was born', 'MISC'), span('Government', 'ORG')];
  let full: SequenceLabellingIndicator;
  let partial: SequenceLabellingIndicator;
  let units: number[][];

  beforeAll(async () => {
    full = (await indicatorFactory('sequence-labelling')({ model: 'models/minibert-tab-mask', match: 'full' })) as SequenceLabellingIndicator;
    partial = new SequenceLabellingIndicator({ model: 'models/minibert-tab-mask', match: 'partial' });
    units = await partial.unitProbabilities(doc, spans);
  });

  it('marks the applicant name and a date, not the generic "Government"', async () => {
    const risks = await partial.score(doc, spans);
    expect(risks[0]).toBeGreaterThan(0.5);
    expect(risks[1]).toBeGreaterThan(0.5);
    expect(risks[3]).toBeLessThan(0.5);
    expect(units.map((u) => u.length)).toEqual([2, 3, 3, 1]);
  });

  it('partial risk is never below full risk, and partial masks at least what full masks', async () => {
    const fullRisks = await full.score(doc, spans);
    const partialRisks = await partial.score(doc, spans);
    fullRisks.forEach((r, i) => expect(partialRisks[i]).toBeGreaterThanOrEqual(r));
    for (const threshold of [0.2, 0.5, 0.8]) {
      const f = full.decide(fullRisks, threshold);
      const p = partial.decide(partialRisks, threshold);
      f.forEach((masked, i) => expect(!masked || p[i]).toBe(true));
    }
    // The mixed span: "Kowalski" is a MASK word, "was" and "born" are not, so full match leaves it
    // unmasked where partial match masks it.
    expect(full.decide(fullRisks)[2]).toBe(false);
    expect(partial.decide(partialRisks)[2]).toBe(true);
  });

  it('names the document when a span lies outside its text', async () => {
    await expect(partial.score(doc, [{ start: 0, end: text.length + 5, entityId: 'x', entityType: 'MISC' }])).rejects.toThrow(/seq-test-1/);
  });
});
