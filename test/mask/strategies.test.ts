import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { goldCandidates, InputError, loadDataset } from '../../src/corpus/index.ts';
import {
  MaskKey,
  PseudonymSession,
  createStrategyRegistry,
  defineStrategy,
  entityHmac,
  generalize,
  mergeSpans,
  restore,
  sanitize,
  type MaskSpan,
} from '../../src/mask/index.ts';

const key = MaskKey.fromSecret('a1'.repeat(32), 'test key');
const text = 'Michael Linder met Anna Berg in Oslo on 23 November 2006. Linder paid 6,932 hryvnias to ANNA BERG.';
const at = (surface: string, from = 0): { start: number; end: number } => {
  const start = text.indexOf(surface, from);
  if (start < 0) throw new Error(`no ${surface}`);
  return { start, end: start + surface.length };
};
const spans: MaskSpan[] = [
  { ...at('Michael Linder'), entityId: 'e1', entityType: 'PERSON' },
  { ...at('Anna Berg'), entityType: 'PERSON' },
  { ...at('Oslo'), entityType: 'LOC' },
  { ...at('23 November 2006'), entityType: 'DATETIME' },
  { ...at('Linder', 20), entityId: 'e1', entityType: 'PERSON' },
  { ...at('6,932 hryvnias'), entityType: 'QUANTITY' },
  { ...at('ANNA BERG'), entityType: 'PERSON' },
];

describe('built-in strategies', () => {
  it('redacts with *** or a chosen string', () => {
    expect(sanitize(text, spans, { strategy: 'redact' }).text).toBe('*** met *** in *** on ***. *** paid *** to ***.');
    const registry = createStrategyRegistry({ redactWith: '█' });
    expect(sanitize('Anna sings', [{ start: 0, end: 4 }], { strategy: 'redact', registry }).text).toBe('█ sings');
  });

  it('tags spans with their type', () => {
    expect(sanitize(text, spans, { strategy: 'type-tag' }).text).toBe('[PERSON] met [PERSON] in [LOC] on [DATETIME]. [PERSON] paid [QUANTITY] to [PERSON].');
  });

  it('numbers entities: the same entity id, or the same normalized surface, gets the same number', () => {
    const result = sanitize(text, spans, { strategy: 'numbered' });
    expect(result.text).toBe('[PERSON_1] met [PERSON_2] in [LOC_1] on [DATETIME_1]. [PERSON_1] paid [QUANTITY_1] to [PERSON_2].');
    const person1 = result.mapping.entries.find((e) => e.placeholder === '[PERSON_1]');
    expect(person1).toMatchObject({ original: 'Michael Linder', occurrences: ['Michael Linder', 'Linder'], key: 'N:PERSON:1' });
    expect(restore(result.text, result.mapping).text).toBe(text);
  });

  it('keeps numbers across a collection when one session is shared, and restarts them without one', () => {
    const session = new PseudonymSession();
    const first = sanitize('Oslo and Anna.', [{ start: 0, end: 4, entityType: 'LOC' }, { start: 9, end: 13, entityType: 'PERSON' }], { session });
    const second = sanitize('Bergen, then anna in OSLO.', [{ start: 0, end: 6, entityType: 'LOC' }, { start: 13, end: 17, entityType: 'PERSON' }, { start: 21, end: 25, entityType: 'LOC' }], { session });
    expect(first.text).toBe('[LOC_1] and [PERSON_1].');
    expect(second.text).toBe('[LOC_2], then [PERSON_1] in [LOC_1].');
    expect(sanitize('Bergen', [{ start: 0, end: 6, entityType: 'LOC' }]).text).toBe('[LOC_1]');
  });

  it('gives keyed wild tags: an HMAC of type and normalized entity, not a bare hash, different under another key', () => {
    const result = sanitize(text, spans, { strategy: 'keyed-tag', key });
    const tag = entityHmac(key, 'PERSON', 'anna berg').slice(0, 8);
    expect(result.text).toContain(`met <PERSON "${tag}"> in`);
    expect(result.text).toContain(`to <PERSON "${tag}">.`);
    expect(result.text.match(/<PERSON "[0-9a-f]{8}">/g)).toHaveLength(4);
    expect(tag).not.toBe(createHash('sha256').update('PERSON\u0000anna berg').digest('hex').slice(0, 8));
    const other = sanitize(text, spans, { strategy: 'keyed-tag', key: MaskKey.fromSecret('b2'.repeat(32), 'other key') });
    expect(other.text).not.toContain(tag);
    expect(restore(result.text, result.mapping).text).toBe(text);
  });

  it('refuses keyed tags without a key', () => {
    expect(() => sanitize(text, spans, { strategy: 'keyed-tag' })).toThrow(/needs a secret key/);
  });

  it('lengthens a wild tag whose 8-digit prefix another entity holds or the text already contains', () => {
    const session = new PseudonymSession();
    const a = 'abcdef01' + '1'.repeat(56);
    const b = 'abcdef01' + '2'.repeat(56);
    expect(session.tagFor('k1', a, () => false)).toBe('abcdef01');
    expect(session.tagFor('k2', b, () => false)).toBe('abcdef012222');
    expect(session.tagFor('k1', a, () => false)).toBe('abcdef01');
    const literal = `She wrote <PERSON "${entityHmac(key, 'PERSON', 'anna').slice(0, 8)}"> about Anna.`;
    const start = literal.indexOf('Anna');
    const result = sanitize(literal, [{ start, end: start + 4, entityType: 'PERSON' }], { strategy: 'keyed-tag', key });
    expect(result.mapping.entries[0].placeholder).toMatch(/^<PERSON "[0-9a-f]{12}">$/);
    expect(restore(result.text, result.mapping).text).toBe(literal);
  });

  it('skips numbers that the input already shows as placeholders', () => {
    const input = 'Ask [PERSON_1] or person_2] about Anna.';
    const result = sanitize(input, [{ start: 34, end: 38, entityType: 'PERSON' }], { strategy: 'numbered' });
    expect(result.text).toBe('Ask [PERSON_1] or person_2] about [PERSON_3].');
    const restored = restore(result.text, result.mapping);
    expect(restored.text).toBe(input);
    expect(restored.unknown.map((u) => u.found)).toEqual(['[PERSON_1]', 'person_2]']);
  });

  it('generalizes dates and numbers, and falls back to the type tag', () => {
    expect(sanitize(text, spans, { strategy: 'generalize' }).text).toBe('[PERSON] met [PERSON] in [LOC] on 2006. [PERSON] paid an amount to [PERSON].');
    const cases: [string, string, string | undefined][] = [
      ['23 November 2006', 'DATETIME', '2006'],
      ['November 23, 2006', 'DATETIME', '2006'],
      ['June 1995', 'DATETIME', '1995'],
      ['2006-11-23', 'DATETIME', '2006'],
      ['1971', 'DATETIME', 'the 1970s'],
      ['1 March', 'DATETIME', 'March'],
      ['five years', 'DATETIME', 'a number of years'],
      ['6,932 hryvnias', 'QUANTITY', 'an amount'],
      ['EUR 4,000', 'QUANTITY', 'an amount'],
      ['16,985 Turkish liras (TRY)', 'QUANTITY', 'an amount'],
      ['40%', 'QUANTITY', 'a percentage'],
      ['two', 'QUANTITY', 'a number'],
      ['800 litres', 'QUANTITY', 'a number of litres'],
      ['20th century', 'DATETIME', undefined],
      ['Oslo', 'LOC', undefined],
      ['1971', 'CODE', undefined],
    ];
    for (const [surface, type, expected] of cases) expect([surface, generalize(surface, type)]).toEqual([surface, expected]);
  });
});

describe('the overlap policy', () => {
  it('merges overlapping and nested spans into their union, named after the longest, keeps touching spans apart', () => {
    const merged = mergeSpans('abcdefghij', [
      { start: 0, end: 3, entityType: 'A' },
      { start: 2, end: 6, entityType: 'B', entityId: 'b' },
      { start: 3, end: 4, entityType: 'C' },
      { start: 6, end: 8, entityType: 'D' },
      { start: 8, end: 8, entityType: 'E' },
      { start: 8, end: 10, entityType: 'F', label: 'NO_MASK' },
    ]);
    expect(merged).toEqual([
      { start: 0, end: 6, entityId: 'b', entityType: 'B' },
      { start: 6, end: 8, entityId: undefined, entityType: 'D' },
    ]);
  });

  it('widens a boundary inside a surrogate pair to the whole character', () => {
    const result = sanitize('x😀y', [{ start: 2, end: 3, entityType: 'PERSON' }], { strategy: 'type-tag' });
    expect(result.text).toBe('x[PERSON]y');
    expect(result.offsetMap.segments).toEqual([{ inputStart: 1, inputEnd: 3, outputStart: 1, outputEnd: 9 }]);
  });

  it('rejects spans outside the text with the document named', () => {
    const error = (() => {
      try {
        sanitize('abc', [{ start: 2, end: 9 }], { docId: 'doc-7' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/doc doc-7: span #0 \[2, 9\) is not a range inside the text \(length 3\)/);
  });
});

describe('the registry', () => {
  it('takes a new strategy as one object and lists known names for an unknown one', () => {
    const registry = createStrategyRegistry().register(
      defineStrategy({ name: 'initials', description: 'first letter', reversible: false, replace: (_e, m) => ({ text: `${m.original[0]}.` }) }),
    );
    expect(sanitize('Anna Berg came', [{ start: 0, end: 4 }, { start: 5, end: 9 }], { strategy: 'initials', registry }).text).toBe('A. B. came');
    expect(() => registry.get('nope')).toThrow(/unknown masking strategy "nope" \(known: redact, type-tag, numbered, keyed-tag, generalize, fictional, initials\)/);
  });
});

describe('on the bundled sample dataset', () => {
  it('round-trips every document with gold spans and gives every mention of an entity the same placeholder', async () => {
    const corpus = await loadDataset('sample');
    expect(corpus.documents.length).toBeGreaterThan(0);
    for (const doc of corpus.documents) {
      const gold = goldCandidates(doc);
      for (const strategy of ['numbered', 'keyed-tag']) {
        const result = sanitize(doc.text, gold, { strategy, key, docId: doc.id });
        expect(restore(result.text, result.mapping).text).toBe(doc.text);
        // Every masked entity id maps to exactly one placeholder (nested spans aside).
        const placeholderOf = new Map<string, Set<string>>();
        for (const span of gold.filter((s) => s.label === 'MASK')) {
          const out = result.offsetMap.outputSpan(span);
          const placeholders = placeholderOf.get(span.entityId) ?? new Set<string>();
          placeholders.add(result.text.slice(out.start, out.end));
          placeholderOf.set(span.entityId, placeholders);
        }
        const nested = gold.some((a) => gold.some((b) => a !== b && a.label === 'MASK' && b.label === 'MASK' && a.start < b.end && b.start < a.end));
        if (!nested) for (const set of placeholderOf.values()) expect(set.size).toBe(1);
      }
    }
  });
});
