import { describe, expect, it } from 'vitest';
import { detectionMetrics, goldDetectionSpans, prf } from '../../src/eval/index.ts';
import type { Document } from '../../src/corpus/index.ts';

const text = 'Mr Jan Kowalski, a Polish architect, born on 1 May 1960.';
const at = (surface: string, entityType: string) => {
  const start = text.indexOf(surface);
  return { start, end: start + surface.length, entityType };
};

describe('detectionMetrics', () => {
  it('counts word units per type, with and without label match', () => {
    const gold = [at('Mr Jan Kowalski', 'PERSON'), at('Polish', 'DEM'), at('architect', 'DEM'), at('1 May 1960', 'DATETIME')];
    const predicted = [at('Jan Kowalski', 'PERSON'), at('Polish architect', 'MISC'), at('born', 'DATETIME'), at('1 May 1960', 'DATETIME')];
    const m = detectionMetrics([{ text, gold, predicted }]);
    // gold units: Mr Jan Kowalski Polish architect 1 May 1960 = 8; predicted: Jan Kowalski Polish architect born 1 May 1960 = 8.
    expect(m.microWithoutLabel).toMatchObject({ truePositives: 7, predicted: 8, gold: 8 });
    expect(m.microWithLabel).toMatchObject({ truePositives: 5, predicted: 8, gold: 8 });
    expect(m.byType.PERSON).toMatchObject({ truePositives: 2, predicted: 2, gold: 3, precision: 1 });
    expect(m.byType.PERSON.recall).toBeCloseTo(2 / 3);
    expect(m.byType.DEM).toMatchObject({ truePositives: 0, gold: 2, precision: null, recall: 0 });
    expect(m.byType.MISC).toMatchObject({ truePositives: 0, predicted: 2, gold: 0, recall: null });
    expect(m.byType.DATETIME.precision).toBeCloseTo(3 / 4);
  });
  it('does not count a partial word as a match', () => {
    const m = detectionMetrics([{ text, gold: [at('Kowalski', 'PERSON')], predicted: [{ start: text.indexOf('Kowalski'), end: text.indexOf('Kowalski') + 4, entityType: 'PERSON' }] }]);
    expect(m.microWithoutLabel.truePositives).toBe(0);
  });
  it('computes F1 and handles empty inputs', () => {
    expect(prf({ truePositives: 3, predicted: 4, gold: 6 }).f1).toBeCloseTo((2 * 0.75 * 0.5) / 1.25);
    expect(prf({ truePositives: 0, predicted: 0, gold: 0 })).toMatchObject({ precision: null, recall: null, f1: null });
  });
  it('takes gold from the first annotator, all identifier types', () => {
    const doc: Document = {
      id: 'd',
      text,
      goldKind: 'tab',
      annotations: [
        { annotator: 'a1', mentions: [{ ...at('Polish', 'DEM'), mentionId: 'm1', entityId: 'e1', identifierType: 'NO_MASK', spanText: 'Polish' }] },
        { annotator: 'a2', mentions: [] },
      ],
    };
    expect(goldDetectionSpans(doc)).toEqual([at('Polish', 'DEM')]);
    expect(goldDetectionSpans(doc, 'a2')).toEqual([]);
  });
});
