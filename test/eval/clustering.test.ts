import { describe, expect, it } from 'vitest';
import { applyReplacements } from '../../src/corpus/index.ts';
import { chooseK, kMeans, normalizedMutualInformation, silhouette, withoutMarks, DEFAULT_MASK_MARKS } from '../../src/eval/index.ts';

const points = (...xs: number[][]): Float64Array[] => xs.map((x) => Float64Array.from(x));

describe('normalized mutual information (arithmetic normalization)', () => {
  it('is 1 for the same partition under other label names and 0 for independent ones', () => {
    expect(normalizedMutualInformation([0, 0, 1, 1], [1, 1, 0, 0])).toBeCloseTo(1, 12);
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
  });

  it('matches the hand computation for a 2 × 3 contingency table', () => {
    // MI = 2 × (2/6)·ln 2 = (2/3) ln 2; H(a) = ln 2, H(b) = ln 3; NMI = MI / ((ln 2 + ln 3) / 2).
    const expected = ((2 / 3) * Math.log(2)) / ((Math.log(2) + Math.log(3)) / 2);
    expect(normalizedMutualInformation([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.5158, 4);
  });
});

describe('silhouette and k-means++', () => {
  it('computes the mean silhouette by hand on four points on a line', () => {
    // a = 1 for every point; b = 10.5, 9.5, 9.5, 10.5 → s = 9.5/10.5, 8.5/9.5, 8.5/9.5, 9.5/10.5.
    const expected = (2 * (9.5 / 10.5) + 2 * (8.5 / 9.5)) / 4;
    expect(silhouette(points([0], [1], [10], [11]), [0, 0, 1, 1])).toBeCloseTo(expected, 12);
  });

  const groups = points([0, 0], [0.1, 0], [0, 0.2], [5, 5], [5.1, 5], [5, 5.2], [10, 0], [10.1, 0.1], [9.9, 0]);

  it('finds the three groups, the same labels for the same seed', () => {
    const a = kMeans(groups, 3, { seed: 7 });
    const b = kMeans(groups, 3, { seed: 7 });
    expect(a.labels).toEqual(b.labels);
    expect(new Set(a.labels.slice(0, 3)).size).toBe(1);
    expect(new Set(a.labels.slice(3, 6)).size).toBe(1);
    expect(new Set(a.labels.slice(6, 9)).size).toBe(1);
    expect(new Set(a.labels).size).toBe(3);
  });

  it('chooses k by silhouette', () => {
    expect(chooseK(groups, 2, 6, { seed: 1 }).k).toBe(3);
  });
});

describe('removing mask marks before clustering', () => {
  it('removes whole mark regions only, never a substring of other text', () => {
    const original = 'The Court of Oslo ruled on THE LAW of Norway.';
    const court = { start: 4, end: 17, replacement: 'ORGANIZATION' };
    const norway = { start: original.indexOf('Norway'), end: original.indexOf('Norway') + 6, replacement: 'ORGANIZATIONAL unit' };
    const applied = applyReplacements(original, [court, norway]);
    const doc = { id: 'd', original, anonymized: applied.text, replacements: [court, norway], regions: applied.regions };
    // TAE's regex would leave "ANIZATION" and cut "THE LAW" to "THE ".
    expect(withoutMarks(doc, new Set(DEFAULT_MASK_MARKS))).toBe('The  ruled on THE LAW of ORGANIZATIONAL unit.');
  });
});
