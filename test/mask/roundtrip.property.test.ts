import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MaskKey,
  PseudonymSession,
  createStrategyRegistry,
  entityHmac,
  restore,
  sanitize,
  scanPlaceholders,
  type MaskSpan,
} from '../../src/mask/index.ts';

const key = MaskKey.fromSecret('5f'.repeat(32), 'test key');
const reversible = createStrategyRegistry()
  .list()
  .filter((s) => s.reversible)
  .map((s) => s.name);

// Text that looks like the placeholders (and like this key's own wild tags) must survive a round trip.
const hmacPrefixes = ['PERSON', 'ENTITY', 'LOC'].flatMap((label) => ['anna', 'oslo', 'x'].map((s) => entityHmac(key, label, s).slice(0, 8)));
const fragments = [
  '[PERSON_1]', '[PERSON_1', '[PERSON_12', '[LOC_10', '0', 'PERSON_2]', '[person_1]', '[ENTITY_1]', '[LOC_1]', '[DATE2_1]', '<PERSON "', '">', '<ENTITY "0123abcd">',
  '"deadbeef"', '_1]', '[', ']', '<', '>', '"', ' ', '\n', 'Anna', 'anna', 'ANNA', 'Oslo', '😀', '𝒳', 'é', 'e\u0301',
  ...hmacPrefixes.flatMap((h) => [`"${h}"`, `<PERSON "${h}">`, h]),
];
const textArb = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...fragments), weight: 4 }, fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'grapheme-ascii', maxLength: 6 })), { maxLength: 30 })
  .map((parts) => parts.join(''));

const typeArb = fc.constantFrom(undefined, 'PERSON', 'LOC', 'DATETIME', 'x y', '1', 'date_2', '');
function spansArb(length: number): fc.Arbitrary<MaskSpan[]> {
  return fc.array(
    fc.record({
      a: fc.nat({ max: length }),
      b: fc.nat({ max: length }),
      entityId: fc.option(fc.constantFrom('e1', 'e2', 'e3'), { nil: undefined }),
      entityType: typeArb,
      label: fc.constantFrom(undefined, 'MASK', 'NO_MASK'),
    }),
    { maxLength: 12 },
  ).map((raw) =>
    raw.map((r) => ({
      start: Math.min(r.a, r.b),
      end: Math.max(r.a, r.b),
      ...(r.entityId !== undefined ? { entityId: r.entityId } : {}),
      ...(r.entityType !== undefined ? { entityType: r.entityType } : {}),
      ...(r.label !== undefined ? { label: r.label as 'MASK' | 'NO_MASK' } : {}),
    })),
  );
}
const caseArb = textArb.chain((text) => spansArb(text.length).map((spans) => ({ text, spans })));

describe('restore(sanitize(x)) == x', () => {
  it.each(reversible)('holds for the %s strategy on generated texts with overlapping spans and placeholder-like text', (strategy) => {
    fc.assert(
      fc.property(caseArb, ({ text, spans }) => {
        const sanitized = sanitize(text, spans, { strategy, key });
        const restored = restore(sanitized.text, sanitized.mapping);
        expect(restored.text).toBe(text);
        expect(restored.missing).toEqual([]);
        expect(restored.altered).toEqual([]);
        expect(restored.countChanged).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it.each(reversible)('holds for %s with one session shared by several documents', (strategy) => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 4 }), (docs) => {
        const session = new PseudonymSession();
        for (const { text, spans } of docs) {
          const sanitized = sanitize(text, spans, { strategy, key, session });
          expect(restore(sanitized.text, sanitized.mapping).text).toBe(text);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('lists only reversible strategies that exist', () => {
    expect(reversible.sort()).toEqual(['fictional', 'keyed-tag', 'numbered']);
  });
});

describe('every masked character is gone and every kept one is in place', () => {
  it('keeps the text outside the merged spans and maps its offsets both ways', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom('numbered', 'keyed-tag', 'redact', 'type-tag', 'generalize'), ({ text, spans }, strategy) => {
        const { text: out, offsetMap } = sanitize(text, spans, { strategy, key });
        const inside = (i: number): boolean => offsetMap.segments.some((s) => i >= s.inputStart && i < s.inputEnd);
        for (let i = 0; i < text.length; i++) {
          if (inside(i)) continue;
          const j = offsetMap.toOutput(i);
          expect(out[j]).toBe(text[i]);
          expect(offsetMap.toInput(j)).toBe(i);
        }
        for (const s of offsetMap.segments) {
          expect(offsetMap.outputSpan({ start: s.inputStart, end: s.inputEnd })).toEqual({ start: s.outputStart, end: s.outputEnd });
          expect(offsetMap.inputSpan({ start: s.outputStart, end: s.outputEnd })).toEqual({ start: s.inputStart, end: s.inputEnd });
        }
        expect(offsetMap.toOutput(text.length)).toBe(out.length);
        expect(offsetMap.toInput(out.length)).toBe(text.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('restore after the text was rewritten around the placeholders', () => {
  it('restores reordered and duplicated placeholders with an original of their own entity and reports the dropped ones', () => {
    const filler = fc.stringMatching(/^[a-z ,.]{0,12}$/);
    fc.assert(
      fc.property(caseArb, fc.array(fc.tuple(fc.nat(), filler), { maxLength: 15 }), ({ text, spans }, picks) => {
        const sanitized = sanitize(text, spans, { strategy: 'numbered' });
        const entries = sanitized.mapping.entries;
        if (entries.length === 0) return;
        const chosen = picks.map(([n, fill]) => ({ entry: entries[n % entries.length], fill }));
        const edited = chosen.map((c) => `${c.fill} ${c.entry.placeholder} `).join('');
        const result = restore(edited, sanitized.mapping);
        const expectedOriginals = chosen.map((c) => c.entry);
        // Each placeholder became one of its entity's originals, in order, with the filler intact.
        let rest = result.text;
        for (const [i, c] of chosen.entries()) {
          const prefix = `${c.fill} `;
          expect(rest.startsWith(prefix)).toBe(true);
          rest = rest.slice(prefix.length);
          const original = expectedOriginals[i].occurrences.find((o) => rest.startsWith(`${o} `)) ?? (rest.startsWith(`${expectedOriginals[i].original} `) ? expectedOriginals[i].original : undefined);
          expect(original).toBeDefined();
          rest = rest.slice((original as string).length + 1);
        }
        expect(rest).toBe('');
        const used = new Set(chosen.map((c) => c.entry.placeholder));
        expect(result.missing.sort()).toEqual(entries.map((e) => e.placeholder).filter((p) => !used.has(p)).sort());
        expect(scanPlaceholders(edited)).toHaveLength(chosen.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the document binding never refuses an edit of the text the mapping was made for', () => {
  it.each(reversible)('holds for %s when pieces of the sanitized text are dropped, reordered and joined with new text', (strategy) => {
    fc.assert(
      fc.property(caseArb, fc.array(fc.tuple(fc.nat(), fc.stringMatching(/^[a-z ,.]{0,8}$/)), { maxLength: 20 }), ({ text, spans }, picks) => {
        const sanitized = sanitize(text, spans, { strategy, key });
        // Pieces: the placeholders and the text between them, each kept whole.
        const pieces: string[] = [];
        let cursor = 0;
        for (const s of sanitized.offsetMap.segments) {
          pieces.push(sanitized.text.slice(cursor, s.outputStart), sanitized.text.slice(s.outputStart, s.outputEnd));
          cursor = s.outputEnd;
        }
        pieces.push(sanitized.text.slice(cursor));
        const edited = picks.map(([n, filler]) => `${pieces[n % pieces.length]} ${filler} `).join('');
        const result = restore(edited, sanitized.mapping);
        expect(result.textCheck).toBe(edited === sanitized.text ? 'same' : 'changed');
      }),
      { numRuns: 300 },
    );
  });
});
