import { describe, expect, it } from 'vitest';
import { applyReplacements } from '../../src/corpus/index.ts';
import { documentPreservation, extractTerms } from '../../src/eval/index.ts';

describe('TPI and TPS of one document (hand-computed)', () => {
  const text = 'aaaa bbbb cccc dddd';
  // Information content 2, 3, 5, 10: total 20.
  const terms = [
    { start: 0, end: 4, kind: 'word' as const, ic: 2 },
    { start: 5, end: 9, kind: 'word' as const, ic: 3 },
    { start: 10, end: 14, kind: 'word' as const, ic: 5 },
    { start: 15, end: 19, kind: 'word' as const, ic: 10 },
  ];

  it('counts a term strictly inside a longer mask as masked, and a partly masked term too', () => {
    // [4, 10) holds "bbbb" strictly inside; [13, 19) takes one character of "cccc" and all of "dddd".
    const { regions } = applyReplacements(text, [{ start: 13, end: 19 }, { start: 4, end: 10, replacement: 'X' }]);
    const result = documentPreservation(terms, regions, (r) => (r.text === 'X' ? 0.5 : 0.9))!;
    expect(result.tpi).toBeCloseTo(2 / 20, 12);
    // "bbbb" is replaced with similarity 0.5; "cccc" and "dddd" are suppressed (0 whatever the encoder says).
    expect(result.tps).toBeCloseTo((2 + 3 * 0.5) / 20, 12);
  });

  it('gives an emptied region no similarity and clips negative cosines to 0', () => {
    const { regions } = applyReplacements(text, [{ start: 5, end: 9, replacement: '' }, { start: 10, end: 14, replacement: 'Y' }]);
    const result = documentPreservation(terms, regions, () => -0.3)!;
    expect(result.tpi).toBeCloseTo(12 / 20, 12);
    expect(result.tps).toBeCloseTo(12 / 20, 12);
  });

  it('keeps everything when nothing is replaced, and is undefined without information', () => {
    expect(documentPreservation(terms, [], () => 0)).toEqual({ tpi: 1, tps: 1 });
    expect(documentPreservation([], [], () => 0)).toBeUndefined();
  });
});

describe('terms without spaCy', () => {
  it('takes rule-layer entities, noun-chunk runs and the remaining content words, in text order, never overlapping', async () => {
    const text = 'On 3 May 2004 the applicant moved quickly to the old town of Oslo, where Mr Jan Kowalski lives.';
    const terms = await extractTerms(text);
    const shown = terms.map((t) => `${t.kind}:${text.slice(t.start, t.end)}`);
    expect(shown).toContain('entity:3 May 2004');
    expect(shown).toContain('entity:Mr Jan Kowalski');
    expect(shown).toContain('chunk:applicant');
    expect(shown).toContain('word:moved');
    expect(shown).toContain('word:quickly');
    // Function words are no terms.
    for (const word of ['On', 'the', 'to', 'of']) expect(shown.some((s) => s.endsWith(`:${word}`))).toBe(false);
    for (let i = 1; i < terms.length; i++) expect(terms[i].start).toBeGreaterThanOrEqual(terms[i - 1].end);
  });
});
