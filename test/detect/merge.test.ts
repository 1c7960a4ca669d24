import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeMentions, sortStable, type MergeCriterion } from '../../src/detect/merge.ts';
import type { DetectedMention } from '../../src/detect/types.ts';

const m = (start: number, end: number, entityType: string, confidence = 0.5, source = 'test'): DetectedMention => ({ start, end, entityType, confidence, source });

describe('mergeMentions', () => {
  it('leaves out the "of" a person\'s piece ends with where a firm or place cut it, not where a person did', () => {
    const text = 'Mr. Tobias Lund of Lund & Partners';
    const firm = { ...m(text.indexOf('Lund &'), text.length, 'ORG', 0.8) };
    const merged = mergeMentions([m(0, text.indexOf(' &'), 'PERSON', 0.9), firm], {}, text);
    expect(merged.map((x) => `${x.entityType}:${text.slice(x.start, x.end)}`)).toEqual(['PERSON:Mr. Tobias Lund', 'ORG:Lund & Partners']);
    // A title's "of" before a person ("The Exegesis of Philip K. Dick") is left to type revision.
    const title = 'The Exegesis of Philip K. Dick (2011)';
    const person = m(title.indexOf('Philip'), title.indexOf(' ('), 'PERSON', 0.9, 'rules');
    const titled = mergeMentions([m(0, title.indexOf(' K.'), 'PERSON', 0.5, 'neural'), person], { order: ['confidence', 'length'] }, title);
    expect(titled.map((x) => title.slice(x.start, x.end))).toEqual(['The Exegesis of', 'Philip K. Dick']);
  });
  it('keeps the longest of overlapping spans', () => {
    const merged = mergeMentions([m(0, 8, 'DEM', 0.9), m(0, 28, 'MISC', 0.3), m(12, 28, 'MISC', 0.9)]);
    expect(merged).toEqual([m(0, 28, 'MISC', 0.3)]);
  });
  it('breaks length ties by type priority, then confidence', () => {
    expect(mergeMentions([m(0, 8, 'PERSON', 0.9), m(0, 8, 'LOC', 0.4)])[0].entityType).toBe('LOC');
    expect(mergeMentions([m(0, 8, 'ORG', 0.4, 'a'), m(0, 8, 'ORG', 0.9, 'b')])[0].source).toBe('b');
  });
  it('follows a configured order and priority', () => {
    const input = [m(0, 8, 'DEM', 0.9), m(0, 20, 'MISC', 0.3)];
    // Confidence first: the DEM wins its extent, the rest of the longer MISC stays masked as MISC.
    expect(mergeMentions(input, { order: ['confidence', 'length'] })).toEqual([m(0, 8, 'DEM', 0.9), m(8, 20, 'MISC', 0.3)]);
    expect(mergeMentions([m(0, 8, 'PERSON'), m(0, 8, 'LOC')], { typePriority: ['PERSON', 'LOC'] })[0].entityType).toBe('PERSON');
    expect(mergeMentions(input, { minConfidence: 0.5 })).toEqual([m(0, 8, 'DEM', 0.9)]);
  });
  it('returns sorted, non-overlapping spans, keeping adjacent ones and dropping empty ones', () => {
    const merged = mergeMentions([m(10, 15, 'LOC'), m(0, 5, 'LOC'), m(5, 10, 'ORG'), m(3, 3, 'CODE'), m(4, 8, 'MISC', 0.1)]);
    expect(merged.map((x) => [x.start, x.end])).toEqual([[0, 5], [5, 10], [10, 15]]);
  });
  it('keeps a mention a user asked for (required) whole and typed, inside or across longer mentions of any type', () => {
    const required: DetectedMention = { ...m(4, 8, 'MISC', 1, 'deny'), required: true };
    // Inside a longer mention of its own type or another: the longer one keeps what lies outside it.
    expect(mergeMentions([m(0, 12, 'MISC', 0.9), required])).toEqual([m(0, 4, 'MISC', 0.9), required, m(8, 12, 'MISC', 0.9)]);
    expect(mergeMentions([m(0, 12, 'CODE', 0.99), required])).toEqual([m(0, 4, 'CODE', 0.99), required, m(8, 12, 'CODE', 0.99)]);
    // Across one: its extent wins, whatever the type priority says.
    expect(mergeMentions([m(6, 12, 'CODE', 0.99), required])).toEqual([required, m(8, 12, 'CODE', 0.99)]);
  });
  it('does not depend on the order layers report in', () => {
    const input = [m(0, 6, 'DEM'), m(3, 9, 'MISC'), m(8, 14, 'LOC'), m(20, 25, 'CODE')];
    expect(mergeMentions([...input].reverse())).toEqual(mergeMentions(input));
  });
});

describe('mergeMentions never unmasks a character a layer wanted masked (issue 11, item 2)', () => {
  const text = 'Ms Z. Ertuğrul Contact j.doe1@example.com, IBAN GB82WEST12345698765432.\n';
  const email = { start: text.indexOf('j.doe1'), end: text.indexOf(', IBAN') };

  it('keeps a validated e-mail whole when a longer PERSON span runs one character into it', () => {
    const person = m(0, email.start + 1, 'PERSON', 0.8, 'neural');
    const code = m(email.start, email.end, 'CODE', 0.99, 'rules:email');
    const merged = mergeMentions([person, code], {}, text);
    // The space where the PERSON was cut stays out of it (and visible between the two replacements).
    expect(merged).toEqual([m(0, email.start - 1, 'PERSON', 0.8, 'neural'), code]);
    expect(mergeMentions([person, code])).toEqual([m(0, email.start, 'PERSON', 0.8, 'neural'), code]);
  });

  it('keeps a validated code whole and typed inside a longer guessed mention, and only such codes', () => {
    const iban = { start: text.indexOf('GB82'), end: text.indexOf('GB82') + 22 };
    const person = m(text.indexOf('IBAN'), iban.end, 'PERSON', 0.8, 'neural');
    const code = m(iban.start, iban.end, 'CODE', 0.99, 'rules:iban');
    expect(mergeMentions([person, code], {}, text)).toEqual([m(person.start, iban.start - 1, 'PERSON', 0.8, 'neural'), code]);
    // An unvalidated code (a number after a cue, 0.7) or a LOC inside an ORG stays part of the longer mention.
    expect(mergeMentions([person, { ...code, confidence: 0.7 }], {}, text)).toEqual([person]);
    expect(mergeMentions([m(0, 18, 'ORG'), m(14, 18, 'LOC')], {}, 'University of Oslo')).toEqual([m(0, 18, 'ORG')]);
  });

  it('leaves the whitespace where a piece was cut out of it', () => {
    // "London NW1 6XE": a PERSON "London NW1" cut by the postcode keeps "London", not "London ".
    const t = 'at London NW1 6XE today';
    const postcode = m(10, 17, 'LOC', 0.9, 'rules:postcode');
    const merged = mergeMentions([m(3, 13, 'PERSON', 0.6, 'neural'), postcode], {}, t);
    expect(merged.map((x) => t.slice(x.start, x.end))).toEqual(['London', 'NW1 6XE']);
    // "1990, Ford" read as one name, cut by the date "May 1990": the comma stays out of the name, between the two.
    const t2 = 'in May 1990, Ford hired him';
    const date = m(3, 11, 'DATETIME', 0.9, 'rules:date-month-name');
    const pieces = mergeMentions([m(7, 17, 'PERSON', 0.6, 'neural'), date], {}, t2);
    expect(pieces.map((x) => t2.slice(x.start, x.end))).toEqual(['May 1990', 'Ford']);
  });

  it('joins a leftover piece with no letter or digit to the mention that cut it', () => {
    // "(GB82…)" as ORG over "GB82…" as CODE: the ORG leftovers "(" and ")" are not mentions of their own.
    const t = 'see (GB82WEST12345698765432) now';
    const code = m(5, 27, 'CODE', 0.99, 'rules:iban');
    const merged = mergeMentions([m(4, 28, 'ORG', 0.6), code], { order: ['typePriority', 'length'] }, t);
    expect(merged).toEqual([m(4, 28, 'CODE', 0.99, 'rules:iban')]);
    // Partial overlaps: the CODE takes the overlap; a leftover with words stays ORG, a bare "-" joins the CODE.
    const t2 = 'Acme Bank-GB82WEST12345698765432';
    const withWords = mergeMentions([m(0, 11, 'ORG', 0.9), m(10, 32, 'CODE', 0.99)], {}, t2);
    expect(withWords.map((x) => [x.start, x.end, x.entityType])).toEqual([[0, 10, 'ORG'], [10, 32, 'CODE']]);
    const bare = mergeMentions([m(9, 12, 'ORG', 0.9), m(10, 32, 'CODE', 0.99)], {}, t2);
    expect(bare.map((x) => [x.start, x.end, x.entityType])).toEqual([[9, 32, 'CODE']]);
  });

  it('masks the whole e-mail and IBAN of the reported letter end to end (real recognizer)', async () => {
    const { createRecognizer } = await import('../../src/detect/index.ts');
    const recognizer = await createRecognizer();
    const spans = await recognizer.recognize({ id: 'letter', text });
    const covered = (start: number, end: number): boolean => {
      for (let i = start; i < end; i++) if (!spans.some((s) => s.start <= i && i < s.end)) return false;
      return true;
    };
    expect(covered(email.start, email.end)).toBe(true);
    const iban = text.indexOf('GB82');
    expect(covered(iban, iban + 22)).toBe(true);
  }, 60_000);

  it('covers every input character exactly once (but whitespace and , ; : where a mention was cut), over random overlapping layers', () => {
    const types = ['CODE', 'DATETIME', 'QUANTITY', 'LOC', 'DEM', 'ORG', 'PERSON', 'MISC', 'OTHER'];
    const mention = fc
      .tuple(fc.nat(60), fc.integer({ min: 1, max: 25 }), fc.constantFrom(...types), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('rules', 'gazetteers', 'neural'))
      .map(([start, length, type, confidence, source]) => m(start, start + length, type, confidence, source));
    const orders = fc.constantFrom<MergeCriterion[]>(['length', 'typePriority', 'confidence'], ['confidence', 'length'], ['typePriority'], []);
    const texts = fc.stringMatching(/^[a-z .,;:@-]{90}$/);
    fc.assert(
      fc.property(fc.array(mention, { maxLength: 14 }), orders, fc.option(texts, { nil: undefined }), (input, order, t) => {
        const merged = mergeMentions(input, { order }, t);
        const wanted = new Set(input.flatMap((x) => Array.from({ length: x.end - x.start }, (_, k) => x.start + k)));
        const owners = new Map<number, number>();
        for (const out of merged) {
          expect(out.end).toBeGreaterThan(out.start);
          for (let i = out.start; i < out.end; i++) owners.set(i, (owners.get(i) ?? 0) + 1);
        }
        // Covered, and by exactly one output mention; with the text, whitespace and , ; : may be left out where a piece was cut.
        for (const i of wanted) {
          if (t !== undefined && /[\s,;:]/.test(t[i])) expect(owners.get(i) ?? 0).toBeLessThanOrEqual(1);
          else expect(owners.get(i)).toBe(1);
        }
        for (const i of owners.keys()) expect(wanted.has(i)).toBe(true); // nothing masked no layer wanted
        for (let k = 1; k < merged.length; k++) expect(merged[k].start).toBeGreaterThanOrEqual(merged[k - 1].end);
        expect(mergeMentions([...input].reverse(), { order }, t)).toEqual(merged);
      }),
      { numRuns: 500 },
    );
  });
});

describe('sortStable', () => {
  it('orders as the built-in stable sort does, ties in input order, at every length', () => {
    // Few distinct keys: many ties, so an unstable step would show in the tags.
    const item = fc.record({ key: fc.integer({ min: 0, max: 5 }), tag: fc.nat() });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 150, size: 'max' }), (input) => {
        const compare = (a: { key: number }, b: { key: number }): number => a.key - b.key;
        const ours = [...input];
        sortStable(ours, compare);
        expect(ours).toEqual([...input].sort(compare));
      }),
      { numRuns: 500 },
    );
  });
});
