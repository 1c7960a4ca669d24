import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, offsetConverter } from '../../src/corpus/index.ts';

describe('offset conversion', () => {
  it('is the identity for BMP-only text', () => {
    const c = offsetConverter('Kraków – “Łódź”');
    expect(c.toUtf16(3)).toBe(3);
    expect(c.toCodePoint(15)).toBe(15);
  });

  it('maps code points to UTF-16 around astral characters', () => {
    const text = 'a😀b𝔄c';
    const c = offsetConverter(text);
    expect(c.codePointLength).toBe(5);
    expect([0, 1, 2, 3, 4, 5].map((i) => c.toUtf16(i))).toEqual([0, 1, 3, 4, 6, 7]);
    expect(c.toCodePoint(6)).toBe(4);
    expect(() => c.toCodePoint(2)).toThrow(/surrogate pair/);
    expect(() => c.toUtf16(6)).toThrow(/outside 0..5/);
  });

  it('round-trips every code-point offset of arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const c = offsetConverter(text);
        expect(c.codePointLength).toBe([...text].length);
        expect(codePointLength(text)).toBe([...text].length);
        for (let cp = 0; cp <= c.codePointLength; cp++) {
          const u = c.toUtf16(cp);
          expect(c.toCodePoint(u)).toBe(cp);
          expect([...text.slice(0, u)].length).toBe(cp);
        }
      }),
      { numRuns: 200 },
    );
  });
});
