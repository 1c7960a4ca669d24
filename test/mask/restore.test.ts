import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/corpus/index.ts';
import { MaskKey, restore, sanitize, sanitizedTextDigest, type Mapping } from '../../src/mask/index.ts';

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

describe('a mapping is bound to the document it was made for', () => {
  const docD = sanitize(text, spans, { strategy: 'numbered' });
  const docC = sanitize('Eva Holm met Jan Ek, Per Ek and Ola Dahl in Bergen.', [
    { start: 0, end: 8, entityType: 'PERSON' },
    { start: 13, end: 19, entityType: 'PERSON' },
    { start: 21, end: 27, entityType: 'PERSON' },
    { start: 32, end: 40, entityType: 'PERSON' },
    { start: 44, end: 50, entityType: 'LOC' },
  ]);

  it('stores the SHA-256 of the sanitized text in the mapping', () => {
    expect(docD.mapping.textSha256).toBe(sanitizedTextDigest(docD.text));
    expect(docD.mapping.textSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(restore(docD.text, docD.mapping).textCheck).toBe('same');
  });

  it("refuses another document's text, naming the foreign placeholders and where they come from, and restores nothing", () => {
    expect(docC.text).toBe('[PERSON_1] met [PERSON_2], [PERSON_3] and [PERSON_4] in [LOC_1].');
    let error: unknown;
    try {
      restore(docC.text, docD.mapping, { source: { file: 'docC.san.txt', docId: 'docC', mapping: 'docD.map' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).toBe(
      "docC.san.txt, doc docC: 2 placeholder(s) in the text are not in this document's mapping (docD.map): [PERSON_3] [PERSON_4]; " +
        "the text differs from the one this mapping was made for and was sanitized with another mapping (another document's?); nothing restored",
    );
    // Never an original of either document in the message.
    for (const original of ['Michael', 'Linder', 'Anna', 'Oslo', 'Eva', 'Bergen']) expect(message).not.toContain(original);
  });

  it('refuses keyed tags of another document (another key or entity)', () => {
    const key = MaskKey.fromSecret('77'.repeat(32), 'k');
    const mine = sanitize(text, spans, { strategy: 'keyed-tag', key });
    const other = sanitize('Eva Holm lives in Bergen.', [{ start: 0, end: 8, entityType: 'PERSON' }, { start: 18, end: 24, entityType: 'LOC' }], { strategy: 'keyed-tag', key });
    expect(() => restore(other.text, mine.mapping)).toThrow(/2 placeholder\(s\) in the text are not in this document's mapping: <PERSON "[0-9a-f]{8}"> <LOC "[0-9a-f]{8}">/);
  });

  it('restores an edited text whose placeholders all belong to the mapping, and says the text changed', () => {
    const paraphrase = 'In [LOC_1], [PERSON_1] got a letter from [PERSON_2].';
    const result = restore(paraphrase, docD.mapping);
    expect(result.textCheck).toBe('changed');
    expect(result.text).toBe('In Oslo, Michael Linder got a letter from Anna Berg.');
    // Damaged forms of other placeholders are not evidence of another mapping: kept and reported.
    const damaged = restore('[PERSON_1] and [person_7 met.', docD.mapping);
    expect(damaged.text).toBe('Michael Linder and [person_7 met.');
    expect(damaged.unknown.map((u) => u.found)).toEqual(['[person_7']);
  });

  it('keeps accepting placeholder-like text that was in the input, after an edit', () => {
    const literal = sanitize('The form says [PERSON_1]; Anna Berg signed it.', [{ start: 26, end: 35, entityType: 'PERSON' }]);
    expect(literal.text).toBe('The form says [PERSON_1]; [PERSON_2] signed it.');
    expect(literal.mapping.literalKeys).toEqual(['N:PERSON:1']);
    const edited = restore('[PERSON_2] signed the form, which says [PERSON_1].', literal.mapping);
    expect(edited.textCheck).toBe('changed');
    expect(edited.text).toBe('Anna Berg signed the form, which says [PERSON_1].');
  });

  it('checks the placeholders of mappings made before the digest existed', () => {
    const { textSha256: _digest, literalKeys: _literals, ...older } = docD.mapping;
    const old: Mapping = older;
    expect(restore(docD.text, old)).toMatchObject({ textCheck: 'unverified', text });
    expect(() => restore(docC.text, old)).toThrow(/cannot be checked \(the mapping holds no text digest\)/);
  });

  it('returns the offset map from the given text to the restored one', () => {
    const result = restore(docD.text, docD.mapping);
    const at = docD.text.indexOf('[LOC_1]');
    expect(result.offsetMap.outputSpan({ start: at, end: at + '[LOC_1]'.length })).toEqual({ start: text.indexOf('Oslo'), end: text.indexOf('Oslo') + 4 });
    expect(result.offsetMap.toOutput(docD.text.length)).toBe(text.length);
  });
});
