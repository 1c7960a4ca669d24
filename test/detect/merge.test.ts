import { describe, expect, it } from 'vitest';
import { mergeMentions } from '../../src/detect/merge.ts';
import type { DetectedMention } from '../../src/detect/types.ts';

const m = (start: number, end: number, entityType: string, confidence = 0.5, source = 'test'): DetectedMention => ({ start, end, entityType, confidence, source });

describe('mergeMentions', () => {
  it('keeps the longest of overlapping spans', () => {
    const merged = mergeMentions([m(0, 8, 'DEM', 0.9), m(0, 28, 'MISC', 0.3), m(12, 28, 'MISC', 0.9)]);
    expect(merged).toEqual([m(0, 28, 'MISC', 0.3)]);
  });
  it('breaks length ties by type priority, then confidence', () => {
    expect(mergeMentions([m(0, 8, 'PERSON', 0.9), m(0, 8, 'LOC', 0.4)])[0].entityType).toBe('LOC');
    expect(mergeMentions([m(0, 8, 'ORG', 0.4, 'a'), m(0, 8, 'ORG', 0.9, 'b')])[0].source).toBe('b');
  });
  it('follows a configured order and priority', () => {
    const input = [m(0, 8, 'DEM', 0.9), m(0, 20, 'MISC', 0.3)];
    expect(mergeMentions(input, { order: ['confidence', 'length'] })).toEqual([m(0, 8, 'DEM', 0.9)]);
    expect(mergeMentions([m(0, 8, 'PERSON'), m(0, 8, 'LOC')], { typePriority: ['PERSON', 'LOC'] })[0].entityType).toBe('PERSON');
    expect(mergeMentions(input, { minConfidence: 0.5 })).toEqual([m(0, 8, 'DEM', 0.9)]);
  });
  it('returns sorted, non-overlapping spans, keeping adjacent ones and dropping empty ones', () => {
    const merged = mergeMentions([m(10, 15, 'LOC'), m(0, 5, 'LOC'), m(5, 10, 'ORG'), m(3, 3, 'CODE'), m(4, 8, 'MISC', 0.1)]);
    expect(merged.map((x) => [x.start, x.end])).toEqual([[0, 5], [5, 10], [10, 15]]);
  });
  it('does not depend on the order layers report in', () => {
    const input = [m(0, 6, 'DEM'), m(3, 9, 'MISC'), m(8, 14, 'LOC'), m(20, 25, 'CODE')];
    expect(mergeMentions([...input].reverse())).toEqual(mergeMentions(input));
  });
});
