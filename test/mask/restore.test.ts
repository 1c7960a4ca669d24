import { describe, expect, it } from 'vitest';
import { MaskKey, restore, sanitize } from '../../src/mask/index.ts';

const text = 'Michael Linder wrote to Anna Berg. Linder lives in Oslo.';
const spans = [
  { start: 0, end: 14, entityId: 'p1', entityType: 'PERSON' },
  { start: 24, end: 33, entityId: 'p2', entityType: 'PERSON' },
  { start: 35, end: 41, entityId: 'p1', entityType: 'PERSON' },
  { start: 51, end: 55, entityId: 'l1', entityType: 'LOC' },
];

describe('restore after an LLM-style rewrite', () => {
  const { text: sanitized, mapping } = sanitize(text, spans, { strategy: 'numbered' });

  it('starts from the expected sanitized text', () => {
    expect(sanitized).toBe('[PERSON_1] wrote to [PERSON_2]. [PERSON_1] lives in [LOC_1].');
  });

  it('restores reordered placeholders in changed surroundings, pairing mentions in order when their count is unchanged', () => {
    const rewritten = 'In [LOC_1]   lives [PERSON_1];\n[PERSON_2] got a letter from [PERSON_1].';
    const result = restore(rewritten, mapping);
    expect(result.text).toBe('In Oslo   lives Michael Linder;\nAnna Berg got a letter from Linder.');
    expect(result).toMatchObject({ missing: [], altered: [], unknown: [], countChanged: [], restored: 4 });
  });

  it('restores duplicated placeholders with the longest form and reports the count change', () => {
    const result = restore('[PERSON_1] and [PERSON_1] and [PERSON_1] met [PERSON_2] in [LOC_1].', mapping);
    expect(result.text).toBe('Michael Linder and Michael Linder and Michael Linder met Anna Berg in Oslo.');
    expect(result.countChanged).toEqual([{ placeholder: '[PERSON_1]', inserted: 2, found: 3 }]);
  });

  it('reports missing placeholders', () => {
    const result = restore('Someone wrote to [PERSON_2].', mapping);
    expect(result.text).toBe('Someone wrote to Anna Berg.');
    expect(result.missing.sort()).toEqual(['[LOC_1]', '[PERSON_1]']);
  });

  it('repairs and reports altered placeholders, or keeps them when asked', () => {
    const altered = '[PERSON_1 wrote to [person_2]. PERSON_1] lives in [ LOC 1 ].';
    const result = restore(altered, mapping);
    expect(result.text).toBe('Michael Linder wrote to Anna Berg. Linder lives in Oslo.');
    expect(result.altered.map((a) => [a.found, a.placeholder])).toEqual([
      ['[PERSON_1', '[PERSON_1]'],
      ['[person_2]', '[PERSON_2]'],
      ['PERSON_1]', '[PERSON_1]'],
      ['[ LOC 1 ]', '[LOC_1]'],
    ]);
    const kept = restore(altered, mapping, { restoreAltered: false });
    expect(kept.text).toBe(altered);
    expect(kept.missing.sort()).toEqual([]);
    expect(kept.altered.every((a) => !a.restored)).toBe(true);
  });

  it('reads a placeholder that lost its closer before a digit as the known key, and never takes input text for one', () => {
    const amount = sanitize('It cost 5 euros0 in all.', [{ start: 8, end: 15, entityType: 'QUANTITY' }]);
    expect(amount.text).toBe('It cost [QUANTITY_1]0 in all.');
    const repaired = restore('It cost [quantity_10 in all.', amount.mapping);
    expect(repaired.text).toBe('It cost 5 euros0 in all.');
    expect(repaired.altered.map((a) => a.found)).toEqual(['[quantity_1']);
    const literal = 'See [QUANTITY_12 and 5 euros.';
    const masked = sanitize(literal, [{ start: 21, end: 28, entityType: 'QUANTITY' }]);
    expect(masked.text).toBe('See [QUANTITY_12 and [QUANTITY_2].');
    expect(restore(masked.text, masked.mapping).text).toBe(literal);
  });

  it('repairs wild tags that lost their brackets or changed quotes and case', () => {
    const key = MaskKey.fromSecret('77'.repeat(32), 'k');
    const keyed = sanitize(text, spans, { strategy: 'keyed-tag', key });
    const [first] = keyed.mapping.entries;
    const hex = /"([0-9a-f]+)"/.exec(first.placeholder)?.[1] as string;
    const edited = keyed.text.split(first.placeholder).join(`<person “${hex.toUpperCase()}”>`);
    const result = restore(edited, keyed.mapping);
    expect(result.text).toBe(text);
    expect(result.altered).toHaveLength(2);
    expect(restore(keyed.text.replace(first.placeholder, `"${hex}"`), keyed.mapping).text).toBe(text);
  });

  it('refuses mappings of one-way strategies', () => {
    const redacted = sanitize(text, spans, { strategy: 'redact' });
    expect(() => restore(redacted.text, redacted.mapping)).toThrow(/strategy redact is one-way/);
  });
});
