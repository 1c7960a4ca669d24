/**
 * The rules added for everyday text (issue 13) declare `seek` and `requires` too: each must give
 * exactly the mentions of the plain scan, on generated texts and on the PII set.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_RULES, applyRule, type Rule } from '../../src/detect/rules/index.ts';
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
    for (const rule of ALL_RULES.filter((r) => r.seek || r.requires)) {
      const plain: Rule = { ...rule, seek: undefined, requires: undefined };
      for (const t of piiTexts) expect(applyRule(rule, t), rule.name).toEqual(applyRule(plain, t));
    }
  });
});
