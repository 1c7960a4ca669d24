import { describe, expect, it } from 'vitest';
import { anonymizationToJson, applyReplacements, InputError, parseAnonymization, parseCorpus } from '../../src/corpus/index.ts';

const text = 'Anna Berg met Jan Kowalski in Oslo on 3 May 2004.';
const at = (needle: string): { start: number; end: number } => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });

describe('applyReplacements', () => {
  it('gives the same text whatever the order of the spans (ascending, descending, shuffled)', () => {
    const spans = [
      { ...at('Anna Berg'), replacement: 'PERSON' },
      { ...at('Jan Kowalski'), replacement: 'a colleague' },
      { ...at('Oslo'), replacement: 'a city' },
    ];
    const expected = 'PERSON met a colleague in a city on 3 May 2004.';
    expect(applyReplacements(text, spans).text).toBe(expected);
    expect(applyReplacements(text, [...spans].reverse()).text).toBe(expected);
    expect(applyReplacements(text, [spans[1], spans[2], spans[0]]).text).toBe(expected);
  });

  it('merges overlapping spans into their union, named after the longest member', () => {
    // "Jan Kowalski" [14,26) overlaps "Kowalski in Oslo" [18,34): the union [14,34) is replaced once.
    const spans = [
      { ...at('Jan Kowalski'), replacement: 'X' },
      { ...at('Kowalski in Oslo'), replacement: 'somebody somewhere' },
    ];
    const { text: out, regions } = applyReplacements(text, spans);
    expect(out).toBe('Anna Berg met somebody somewhere on 3 May 2004.');
    expect(regions).toEqual([{ source: { start: 14, end: 34 }, target: { start: 14, end: 32 }, text: 'somebody somewhere', suppressed: false }]);
    // A nested span disappears into its container, in either order.
    const nested = [{ ...at('3 May 2004'), replacement: 'a date' }, { ...at('May'), replacement: 'a month' }];
    expect(applyReplacements(text, nested).text).toBe('Anna Berg met Jan Kowalski in Oslo on a date.');
    expect(applyReplacements(text, [...nested].reverse()).text).toBe('Anna Berg met Jan Kowalski in Oslo on a date.');
  });

  it('removes text for an empty replacement and puts the mark for a missing one', () => {
    const spans = [{ ...at(' in Oslo'), replacement: '' }, { ...at('Anna Berg') }];
    const { text: out, regions } = applyReplacements(text, spans, { mark: '***' });
    expect(out).toBe('*** met Jan Kowalski on 3 May 2004.');
    expect(regions.map((r) => [r.text, r.suppressed])).toEqual([
      ['***', true],
      ['', false],
    ]);
    expect(applyReplacements(text, [at('Oslo')]).text).toBe('Anna Berg met Jan Kowalski in [MASK] on 3 May 2004.');
  });

  it('keeps touching spans separate and ignores zero-length spans', () => {
    const spans = [
      { start: 0, end: 4, replacement: 'A' },
      { start: 4, end: 9, replacement: 'B' },
      { start: 10, end: 10, replacement: 'never inserted' },
    ];
    const { text: out, regions } = applyReplacements(text, spans);
    expect(out).toBe('AB met Jan Kowalski in Oslo on 3 May 2004.');
    expect(regions).toHaveLength(2);
  });
});

describe('parseAnonymization', () => {
  // An astral character before the spans: code points and UTF-16 offsets differ by one after it.
  const corpus = parseCorpus([{ doc_id: 'd1', text: '😀 Anna in Oslo', masked_spans: [] }], 'gold.json');

  it('reads [start, end, replacement?] in code points, in any order', () => {
    const { anonymization, spans, notes } = parseAnonymization({ d1: [[10, 14, 'a city'], [2, 6]] }, 'anon.json', corpus);
    expect(anonymization.get('d1')).toEqual([
      { start: 11, end: 15, replacement: 'a city' },
      { start: 3, end: 7 },
    ]);
    expect(spans.get('d1')).toEqual([
      { start: 11, end: 15 },
      { start: 3, end: 7 },
    ]);
    expect(notes.overlappingSpans).toBe(0);
    const doc = corpus.documents[0];
    expect(applyReplacements(doc.text, anonymization.get('d1')!).text).toBe('😀 [MASK] in a city');
  });

  it('rejects a replacement that is not a string, naming file, document and span', () => {
    expect(() => parseAnonymization({ d1: [[2, 6, 7]] }, 'anon.json', corpus)).toThrow(InputError);
    expect(() => parseAnonymization({ d1: [[2, 6, 7]] }, 'anon.json', corpus)).toThrow(/anon\.json, doc d1: span #0: the replacement .* must be a string/);
  });

  it('round-trips through anonymizationToJson (code points, no third element when suppressed)', () => {
    const json = { d1: [[10, 14, 'a city'], [2, 6]] };
    const { anonymization } = parseAnonymization(json, 'anon.json', corpus);
    const doc = corpus.documents[0];
    expect(anonymizationToJson([{ id: 'd1', text: doc.text, replacements: anonymization.get('d1')! }])).toEqual(json);
  });
});
