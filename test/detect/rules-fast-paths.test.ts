/**
 * The rules added for everyday text (issue 13) declare `seek`, `requires` and `startsAt` too: each
 * must give exactly the mentions of the plain scan, on generated texts and on the PII set.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_RULES, applyRule, type Rule } from '../../src/detect/rules/index.ts';
import { earliestSeek, lineStartSeek, shiftedSeek } from '../../src/detect/rules/seek.ts';
import { PII_SET_PATH } from '../../scripts/make-pii-set.ts';

const piiTexts = (JSON.parse(readFileSync(PII_SET_PATH, 'utf8')) as { text: string }[]).slice(0, 60).map((d) => d.text);

describe('job-title seeks ahead to a head noun', () => {
  const jobTitle = ALL_RULES.find((r) => r.name === 'job-title')!;
  const plain: Rule = { ...jobTitle, seek: undefined, requires: undefined };
  const PIECES = ['Senior', 'Program', 'Officer', 'Officers', 'BigManager', 'Manager', 'Director', 'of', 'the', 'Dear', 'Patient', 'x', '2', 'É', 'Łódź', "O'Neill",
    'Xenides-Arestis', '-', ',', '.', ' ', ' ', '\n', '\u00a0', '😀'];
  const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(''));

  it('finds what the plain scan finds, on generated texts', () => {
    expect(jobTitle.seek).toBeDefined();
    fc.assert(
      fc.property(text, (t) => {
        expect(applyRule(jobTitle, t)).toEqual(applyRule(plain, t));
      }),
      { numRuns: 400 },
    );
  });
});

describe('every rule with a fast path', () => {
  it('finds on the PII set what its plain scan finds', () => {
    for (const rule of ALL_RULES.filter((r) => r.seek || r.requires || r.startsAt)) {
      const plain: Rule = { ...rule, seek: undefined, requires: undefined, startsAt: undefined };
      for (const t of piiTexts) expect(applyRule(rule, t), rule.name).toEqual(applyRule(plain, t));
    }
  });
});

describe('rules tried only where a match can start (startsAt)', () => {
  const PIECES = ['Paris', 'Zagreb', 'Springfield', 'Saint-Denis', 'upon', 'Kharkiv', 'ŁÓDŹ', 'Łódź', 'É', '𝒜', '\ud835', '\udc9c', 'x', 'the', 'The', 'Of', 'of',
    '75008', '62704', '123456', '-4321', 'SW1A 1AA', 'M1 1AE', 'CA', 'IL', 'AB1', '1AE', 'J.', 'É.', '𝒜.', 'A.B.', 'x.', ',', '.', "O'Neill", '-', ' ', ' ', '\u00a0', '\n', '\n\n', '\t'];
  const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));
  for (const name of ['city-by-postcode', 'postcode', 'capitalized-sequence', 'person-initials']) {
    const rule = ALL_RULES.find((r) => r.name === name)!;
    const plain: Rule = { ...rule, startsAt: undefined };
    it(`${name} finds what the plain scan finds, on generated texts`, () => {
      expect(rule.startsAt).toBeDefined();
      fc.assert(
        fc.property(text, (t) => {
          expect(applyRule(rule, t)).toEqual(applyRule(plain, t));
        }),
        { numRuns: 400 },
      );
    });
  }
});

describe('seek helpers', () => {
  it('shiftedSeek answers as a fresh search would, whatever the order of calls and texts', () => {
    const seek = shiftedSeek(/\d{5} /g, 6);
    const fresh = (t: string, from: number): number => {
      for (let at = from; at <= t.length; at++) if (at >= 6 && /^\d{5} $/.test(t.slice(at - 6, at))) return at;
      return -1;
    };
    const texts = fc.array(fc.constantFrom('12345 ', '1234', '5', ' ', 'a', '\n'), { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      // Several texts, each asked from several places in any order (the seek remembers its last search).
      fc.property(fc.array(fc.tuple(texts, fc.array(fc.nat(80), { minLength: 1, maxLength: 6 })), { minLength: 1, maxLength: 4 }), (calls) => {
        for (const [t, froms] of calls) for (const from of froms) expect(seek(t, from)).toBe(fresh(t, from));
      }),
      { numRuns: 300 },
    );
  });
  it('lineStartSeek gives the text start and the positions after line feeds; earliestSeek the first of several', () => {
    expect([0, 1, 3, 4, 5].map((from) => lineStartSeek('ab\ncd\n', from))).toEqual([0, 3, 3, 6, 6]);
    expect(lineStartSeek('ab', 1)).toBe(-1);
    const both = earliestSeek(lineStartSeek, shiftedSeek(/x/g));
    expect([1, 2, 4].map((from) => both('axb\nx', from))).toEqual([1, 4, 4]);
  });
});
