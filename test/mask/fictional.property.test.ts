import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MaskKey, PseudonymSession, normalizeSurface, restore, sanitize, type MaskSpan } from '../../src/mask/index.ts';

const key = MaskKey.fromSecret('6e'.repeat(32), 'test key');

const TYPED: ReadonlyArray<[string, string]> = [
  ['Anna Berg', 'PERSON'], ['Mr John Smith', 'PERSON'], ['Smith', 'PERSON'], ['J. Smith', 'PERSON'], ['Mrs Ewa Nowak', 'PERSON'], ['NOWAK', 'PERSON'],
  ['Oslo', 'LOC'], ['Norway', 'LOC'], ['12 Baker Street', 'LOC'], ['Oslo District Court', 'ORG'], ['Nordbank', 'ORG'],
  ['23 November 2006', 'DATETIME'], ['2006-11-23', 'DATETIME'], ['November 2006', 'DATETIME'], ['2006', 'DATETIME'], ['the 1990s', 'DATETIME'], ['Monday', 'DATETIME'],
  ['5,000 euros', 'QUANTITY'], ['45 years', 'QUANTITY'], ['two', 'QUANTITY'], ['several', 'QUANTITY'],
  ['4111 1111 1111 1111', 'CODE'], ['NO93 8601 1117 947', 'CODE'], ['anna@example.com', 'CODE'], ['+47 22 33 44 55', 'CODE'], ['12345/06', 'CODE'], ['https://example.org/x', 'CODE'],
  ['Norwegian', 'DEM'], ['lawyer', 'DEM'], ['Article 8', 'MISC'], ['the Smith case', 'MISC'],
];
const FILLERS = ['the', 'applicant', 'met', 'in', 'on', 'and', 'paid', 'Oslo', 'smith', 'was', 'born', 'a', ',', '.', '(', ')', '"', '😀', 'é', '[PERSON_1]', 'May', 'brown', 'court'];

/** One line: typed fragments (spans, some NO_MASK) and filler words (kept), joined by spaces. */
const lineArb = fc.array(
  fc.oneof(
    fc.record({ typed: fc.constantFrom(...TYPED), noMask: fc.nat({ max: 4 }).map((n) => n === 0) }),
    fc.record({ filler: fc.oneof(fc.constantFrom(...FILLERS), fc.string({ unit: 'grapheme-ascii', maxLength: 5 }).map((s) => s.replace(/\n/g, ' '))) }),
  ),
  { minLength: 1, maxLength: 10 },
);
const docArb = fc.array(lineArb, { minLength: 1, maxLength: 5 }).map((lines) => {
  let text = '';
  const spans: MaskSpan[] = [];
  lines.forEach((parts, i) => {
    if (i > 0) text += '\n';
    parts.forEach((part, k) => {
      if (k > 0) text += ' ';
      if ('typed' in part) {
        const [surface, entityType] = part.typed;
        spans.push({ start: text.length, end: text.length + surface.length, entityType, ...(part.noMask ? { label: 'NO_MASK' as const } : {}) });
        text += surface;
      } else text += part.filler;
    });
  });
  return { text, spans };
});

function originalsOf(text: string, spans: readonly MaskSpan[]): string[] {
  return spans.filter((s) => s.label !== 'NO_MASK').map((s) => normalizeSurface(text.slice(s.start, s.end)));
}

describe('fictional: restore(sanitize(x)) == x on generated texts', () => {
  it('holds, and no substitute is or holds an original as whole words', () => {
    fc.assert(
      fc.property(docArb, ({ text, spans }) => {
        const result = sanitize(text, spans, { strategy: 'fictional', key, docId: 'generated' });
        expect(restore(result.text, result.mapping).text).toBe(text);
        const originals = originalsOf(text, spans).filter((o) => (o.match(/[\p{L}\p{N}]/gu) ?? []).length >= 3);
        for (const entry of result.mapping.entries) {
          const substitute = ` ${normalizeSurface(entry.placeholder).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
          for (const o of originals) expect(substitute).not.toContain(` ${o.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `);
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('holds for several documents sharing one session', () => {
    fc.assert(
      fc.property(fc.array(docArb, { minLength: 2, maxLength: 4 }), (docs) => {
        const session = new PseudonymSession();
        docs.forEach(({ text, spans }, i) => {
          const result = sanitize(text, spans, { strategy: 'fictional', key, session, docId: `d${i}` });
          expect(restore(result.text, result.mapping).text).toBe(text);
        });
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('gives back the originals of moved and repeated lines', () => {
    fc.assert(
      fc.property(docArb, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), ({ text, spans }, picks) => {
        const result = sanitize(text, spans, { strategy: 'fictional', key, docId: 'moved' });
        // Each substitute stands for one original text (else its mentions cannot be told apart once moved).
        fc.pre(result.mapping.entries.every((e) => new Set(e.occurrences).size === 1));
        const sanitizedLines = result.text.split('\n');
        const originalLines = text.split('\n');
        fc.pre(sanitizedLines.length === originalLines.length);
        const order = picks.map((n) => n % sanitizedLines.length);
        const back = restore(order.map((i) => sanitizedLines[i]).join('\n'), result.mapping);
        expect(back.text).toBe(order.map((i) => originalLines[i]).join('\n'));
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
