/**
 * The rules added for everyday text (issue 13) declare `seek`, `requires` and `startsAt` too: each
 * must give exactly the mentions of the plain scan, on generated texts and on the PII set.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_RULES, applyRule, type Rule } from '../../src/detect/rules/index.ts';
import { alternativesSeek, capitalBeforeDotSeek, capitalStartSeek, earliestSeek, lineStartSeek, shiftedSeek } from '../../src/detect/rules/seek.ts';
import type { SeekFunction } from '../../src/detect/rules/types.ts';
import { FEATURE_DEFINITIONS, textFeatures } from '../../src/detect/rules/features.ts';
import { anyCuePresent, cueStarts, cueWordStarts, registerCues } from '../../src/detect/rules/cues.ts';
import { cueIdsOf } from '../../src/detect/rules/types.ts';
import { PII_SET_PATH } from '../../scripts/make-pii-set.ts';

const piiTexts = (JSON.parse(readFileSync(PII_SET_PATH, 'utf8')) as { text: string }[]).slice(0, 60).map((d) => d.text);

/** A fast path's cheap condition holds on every generated text where the rule's plain pattern matches. */
function expectConditionWhereMatched(rules: readonly Rule[], texts: fc.Arbitrary<string>, holds: (rule: Rule, text: string) => boolean): void {
  fc.assert(
    fc.property(texts, (t) => {
      for (const rule of rules) {
        const pattern = new RegExp(rule.pattern.source, rule.pattern.flags.replace('g', ''));
        if (pattern.test(t)) expect(holds(rule, t), `${rule.name} on ${JSON.stringify(t)}`).toBe(true);
      }
    }),
    { numRuns: 3000 },
  );
}

/** A rule with `startsAt` finds on generated texts what its plain scan (the pattern over the whole text) finds. */
function expectStartsAtExact(rule: Rule, texts: fc.Arbitrary<string>, numRuns: number): void {
  expect(rule.startsAt, rule.name).toBeDefined();
  fc.assert(
    fc.property(texts, (t) => {
      expect(applyRule(rule, t)).toEqual(applyRule({ ...rule, startsAt: undefined }, t));
    }),
    { numRuns },
  );
}

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
    for (const rule of ALL_RULES.filter((r) => r.seek || r.requires || r.startsAt || r.gate || r.cues)) {
      const plain: Rule = { ...rule, seek: undefined, requires: undefined, startsAt: undefined, gate: undefined, cues: undefined, opensWithCue: undefined };
      for (const t of piiTexts) expect(applyRule(rule, t), rule.name).toEqual(applyRule(plain, t));
    }
  });
});

describe('rules tried only where a match can start (startsAt)', () => {
  const PIECES = ['Paris', 'Zagreb', 'Springfield', 'Saint-Denis', 'upon', 'Kharkiv', 'ŁÓDŹ', 'Łódź', 'É', '𝒜', '\ud835', '\udc9c', 'x', 'the', 'The', 'Of', 'of',
    '75008', '62704', '123456', '-4321', 'SW1A 1AA', 'M1 1AE', 'CA', 'IL', 'AB1', '1AE', 'J.', 'É.', '𝒜.', 'A.B.', 'x.', ',', '.', "O'Neill", '-', ' ', ' ', '\u00a0', '\n', '\n\n', '\t',
    'AT&T', 'R&D', '&', 'Son', 'Co.', ':', '::', 'db8', 'ff00:', '2001:', 'fe80', '1', 'USA', 'XIV', 'ECHR', 'ABCDEFGH', 'A'];
  const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));
  for (const name of ['city-by-postcode', 'postcode', 'capitalized-sequence', 'person-initials', 'firm-initials', 'ipv6', 'acronym']) {
    it(`${name} finds what the plain scan finds, on generated texts`, () => expectStartsAtExact(ALL_RULES.find((r) => r.name === name)!, text, 400));
  }
});

describe('the law-report rule, tried only where a number opens before a report (startsAt)', () => {
  const PIECES = ['1999', '3', '12', '12345', '206', ' WLR ', ' All ER ', ' Ch ', ' Cr App R ', 'WLR', ' ', 'x', 'a', '_', '[', ']', '\n'];
  const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 16 }).map((parts) => parts.join(''));
  it('finds what the plain scan finds, on generated texts', () => expectStartsAtExact(ALL_RULES.find((r) => r.name === 'law-report')!, text, 3000));
});

describe('the street rule, tried only from the chain before a street word (startsAt)', () => {
  // Street nouns and suffixes, alone, inside words ("Norwegian", "BigStreet") and after capitals.
  const PIECES = ['Street', 'St.', 'St', 'Road', 'Place', 'Way', 'Highway', 'Main', 'Baker', 'Haupt', 'Hauptstraße', 'straße', 'weg', 'Norwegian', 'gasse', 'Schloss',
    '-Straße', '-Weg', 'ulica', 'Łódź', 'É', '𝒜', "O'Neill", 'No.', '5', '12a', 'x', 'the', 'of', '-', ',', '.', ' ', ' ', '\u00a0', '\n'];
  const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(''));
  it('finds what the plain scan finds, on generated texts', () => expectStartsAtExact(ALL_RULES.find((r) => r.name === 'street')!, text, 600));
});

describe('rules that open with a cue (opensWithCue)', () => {
  const opening = ALL_RULES.filter((r) => r.opensWithCue);
  it('are tried only where the cue scan found one of their cues, and find what the plain scan finds on the PII set', () => {
    expect(opening.map((r) => r.name)).toEqual(expect.arrayContaining(['reference-after-cue', 'phone-after-cue', 'number-after-cue', 'loc-cue']));
    for (const rule of opening) for (const t of piiTexts) expect(applyRule(rule, t), rule.name).toEqual(applyRule({ ...rule, opensWithCue: undefined }, t));
  });
  it('cueStarts lists every word start where a cue (any case) or a longer cue it begins occurs', () => {
    const ids = registerCues(['case', 'ID']);
    const t = 'Case no. 5; the IDs, a bookcase, case-file and ID card; CASE';
    expect(cueStarts(t, ids)).toEqual([0, 16, 33, 47, 56]);
    expect(cueStarts('nothing here', ids)).toEqual([]);
  });
});

describe('rules gated on text features (gate)', () => {
  // Digits, capitals and every separator the features and the gated patterns read, in runs.
  const PIECES = ['0', '1', '2', '5', '9', '12', '123', '555', '4567', '0000', '20', 'A', 'B', 'GB', 'QQ', 'AB', 'WLR', 'NWBKGB', 'Z', 'x', 'am', 'pm', 'a', 'p', 'm',
    '.', '-', ' ', '  ', '/', ':', '(', ')', '+', ',', '€', '$', '£', '\u00a0', '\n', '\t', '_', 'É', '😀', '75008', '62704', 'Paris', 'Springfield', 'IL', 'SW1A 1AA'];
  // Or numbers made of groups of digits with one separator ("1.23.4.56", "123-45-6789", "12/05/1999",
  // "555 123 4567"), between letters and other pieces, so that the identifier shapes come up often.
  const number = fc
    .tuple(fc.array(fc.stringMatching(/^\d{1,4}$/), { minLength: 1, maxLength: 5 }), fc.constantFrom('.', '-', ' ', '/', ':', ''))
    .map(([groups, separator]) => groups.join(separator));
  const piece = fc.oneof(number, fc.constantFrom('GB', 'AB', 'ABC', 'A', 'QQ', 'x', 'am', 'p.m.', 'AM', 'P.M.', '(', ')', '+', '€', 'NWBKGB', 'WLR', '0', ' ', ', ', '\n'));
  const numbers = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));
  // Or address lines, for the postcode and town rules.
  const ADDRESS = ['75008', '62704', '12345', '1234', '123456', 'Paris', 'Springfield', 'Saint-Denis', ',', ' ', ' ', '\u00a0', '\n', 'IL', 'TX', 'SW1A 1AA', 'x', '-4321', '/'];
  const address = fc.array(fc.constantFrom(...ADDRESS), { maxLength: 8 }).map((parts) => parts.join(''));
  const text = fc.oneof(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join('')), numbers, address);
  const gated = ALL_RULES.filter((r) => r.gate);

  it('the one-pass features are exactly their defining expressions', () => {
    fc.assert(
      fc.property(text, (t) => {
        const found = textFeatures(t);
        for (const [bit, definition] of Object.entries(FEATURE_DEFINITIONS)) expect((found & Number(bit)) !== 0, `${definition} in ${JSON.stringify(t)}`).toBe(definition.test(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('every gated rule finds what its plain scan finds, on generated texts', () => {
    expect(gated.map((r) => r.name)).toEqual(expect.arrayContaining(['ipv4', 'iban', 'payment-card', 'phone', 'phone-us', 'us-ssn', 'bic', 'licence-plate', 'time-of-day', 'money-prefix']));
    fc.assert(
      fc.property(text, (t) => {
        for (const rule of gated) expect(applyRule(rule, t), rule.name).toEqual(applyRule({ ...rule, gate: undefined }, t));
      }),
      { numRuns: 1500 },
    );
  });

  it('a gate never hides a match: wherever the plain scan matches, the gate holds', () => {
    expectConditionWhereMatched(gated, text, (rule, t) => rule.gate!(textFeatures(t)));
  });
});

describe('rules gated on cue words (cues)', () => {
  const cued = ALL_RULES.filter((r) => r.cues);
  // Every cue in several cases, cues that overlap ("ID" in "ID card", "year" in "years-old"), words
  // that hold a cue inside them, and what the patterns read after a cue.
  // (Words of the patterns themselves too, so that a cue missing from a list shows.)
  const PATTERN_WORDS = ['tel', 'Tel.', 'telephone', 'TELEPHONE', 'Phone', 'fax', 'Mobile', 'Invoice', 'INVOICE', 'order', 'Membership', 'MRN', 'Licence', 'license', 'Ref',
    'ID', 'ID card', 'identity card', 'social security', 'docket', 'Republic of', 'province of', 'Département of', 'aged', 'years-old', 'year old', 'the age of', 'summer',
    'Christmas', 'Easter', 'fall', 'Spring', 'Monday', 'Fridays', 'Fri.', 'Mar', '7', 'March', 'Mr', 'Mr.', 'Mrs', 'Professor', 'J.', 'Smith', 'Anna', 'Flat', 'Apt.',
    '12a', '221B', 'Main', 'Baker Street', 'Street', 'Road'];
  const CUE_PIECES = [...new Set([...PATTERN_WORDS, ...cued.flatMap((r) => r.cues!)])].flatMap((c) => [c, c.toUpperCase(), c[0].toUpperCase() + c.slice(1)]);
  const OTHER = ['x', 'hotel', 'idea', 'IDs', 'the', 'at', 'early', 'no.', 'number', ':', '#', ' ', ' ', '  ', '\n', '-', '.', ',', '5', '45', '2023', '1995', 'A-99812', '+44 7700 900123', 'Paris', 'Härjedalen', 'É', '_', '😀'];
  const text = fc.array(fc.oneof(fc.constantFrom(...CUE_PIECES), fc.constantFrom(...OTHER)), { maxLength: 14 }).map((parts) => parts.join(''));
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it('the shared scan finds a rule\'s cue exactly where a word-start search for it does', () => {
    expect(cued.map((r) => r.name)).toEqual(expect.arrayContaining(['reference-after-cue', 'phone-after-cue', 'number-after-cue', 'loc-cue', 'age', 'season-year', 'weekday', 'person-title', 'house-address']));
    fc.assert(
      fc.property(text, (t) => {
        for (const rule of cued) expect(anyCuePresent(t, cueIdsOf(rule)), `${rule.name} on ${JSON.stringify(t)}`).toBe(rule.cues!.some((c) => new RegExp(`\\b${escape(c)}`, 'i').test(t)));
      }),
      { numRuns: 1500 },
    );
  });

  it('cueStarts gives exactly the places where a sticky case-insensitive search finds one of a rule\'s cues after \\b', () => {
    // Letters whose case folds differ between the u and non-u modes or leave Latin-1 ("ſ", the Kelvin
    // sign, "ÿ"/"Ÿ", "ß", the dotted and dotless i), in and around cues.
    const TRICKY = ['ſ', '\u212a', 'ÿ', 'Ÿ', 'ß', 'İ', 'ı', 'é', 'É', 'DÉPARTEMENT OF', 'dÉpartement of', 'départemenT Of', 'ſummer', 'aſe', 'Kase', 'caſe', 'CAſE', 'paſſport', 'yeAR-OLD', 'AN', 'a', '_a', '9a'];
    const tricky = fc.array(fc.oneof(fc.constantFrom(...CUE_PIECES), fc.constantFrom(...OTHER), fc.constantFrom(...TRICKY)), { maxLength: 14 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(tricky, (t) => {
        for (const rule of cued) {
          const sticky = rule.cues!.map((c) => new RegExp(`\\b${escape(c)}`, 'iy'));
          // Every code unit position (not code point: the scan counts units, as lastIndex does).
          const starts = Array.from({ length: t.length }, (_, i) => i).filter((i) => sticky.some((re) => ((re.lastIndex = i), re.test(t))));
          expect(cueStarts(t, cueIdsOf(rule)), `${rule.name} on ${JSON.stringify(t)}`).toEqual(starts);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('cueWordStarts keeps the places where a cue that ends with a letter stands as a whole word, and every place of one that ends otherwise', () => {
    const words = fc.array(fc.oneof(fc.constantFrom(...CUE_PIECES), fc.constantFrom(...OTHER), fc.constantFrom('drama', 'Mrs', 'M.', 'Mme', 'about', 'a', 'an', 'and', 'reg.x', '1990', 'ſ', 'Kase')), { maxLength: 14 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(words, (t) => {
        for (const rule of cued) {
          const sticky = rule.cues!.map((c) => new RegExp(`\\b${escape(c)}${/[a-z]$/i.test(c) ? '(?!\\w)' : ''}`, 'iy'));
          const starts = Array.from({ length: t.length }, (_, i) => i).filter((i) => sticky.some((re) => ((re.lastIndex = i), re.test(t))));
          expect(cueWordStarts(t, cueIdsOf(rule)), `${rule.name} on ${JSON.stringify(t)}`).toEqual(starts);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('every cued rule finds what its plain scan finds, on generated texts', () => {
    fc.assert(
      fc.property(text, (t) => {
        for (const rule of cued) expect(applyRule(rule, t), rule.name).toEqual(applyRule({ ...rule, cues: undefined }, t));
      }),
      { numRuns: 1500 },
    );
  });

  it('a cue list never hides a match: wherever the plain pattern matches, a cue occurs', () => {
    expectConditionWhereMatched(cued, text, (rule, t) => anyCuePresent(t, cueIdsOf(rule)));
  });
});

describe('the capitalized-sequence rule read by hand (matchAt)', () => {
  const rule = ALL_RULES.find((r) => r.name === 'capitalized-sequence')!;
  // Capitals, connectors, hyphens, apostrophes, every kind of space, marks, astral and titlecase
  // letters, and what may not come before a name.
  const PIECES = ['Jan', 'Kowalski', 'O’Neill', "D'Arcy", 'Xenides-Arestis', 'Jean-', '-Paul', '-', '--', 'of', 'the', 'de', 'des', 'la', 'für', 'van', '&', 'and', 'x', 'ß',
    'É', 'é', 'e\u0301', 'Ł', '𝒜', '𝒶', '\ud835', '\udc9c', 'ǅ', 'Ⅻ', 'ΣΑ', '7', '.', ',', "'", '’', ' ', ' ', '\u00a0', '\u2003', '\t', '\n', '\r', '\u2028', '_'];
  const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(''));
  it('finds what the plain scan finds, on generated texts', () => {
    expect(rule.matchAt).toBeDefined();
    fc.assert(
      fc.property(text, (t) => {
        expect(applyRule(rule, t)).toEqual(applyRule({ ...rule, startsAt: undefined, matchAt: undefined }, t));
      }),
      { numRuns: 3000 },
    );
  });
  it('ends each match where the sticky pattern does, at every place', () => {
    const sticky = new RegExp(rule.pattern.source, 'uy');
    fc.assert(
      fc.property(text, (t) => {
        for (let at = 0; at < t.length; at++) {
          sticky.lastIndex = at;
          const match = sticky.exec(t);
          if ((t.charCodeAt(at) & 0xfc00) === 0xdc00) continue;
          expect(rule.matchAt!(t, at), `${JSON.stringify(t)} at ${at}`).toBe(match ? at + match[0].length : -1);
        }
      }),
      { numRuns: 1500 },
    );
  });
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
  it('alternativesSeek finds what a search for the whole alternation finds', () => {
    const alternatives = ['Court', 'Prosecutor’s Office', 'plc', 'weg', 'St\\.', '-Straße'];
    const seek = alternativesSeek(alternatives, '(?![A-Za-z])');
    const whole = new RegExp(`(?:${alternatives.join('|')})(?![A-Za-z])`, 'g');
    const fresh = (t: string, from: number): number => {
      whole.lastIndex = from;
      return whole.exec(t)?.index ?? -1;
    };
    const texts = fc.array(fc.constantFrom('Court', 'Courts', 'plc', 'plcs', 'Norwegian', 'weg', 'St.', 'St', '-Straße', 'Prosecutor’s Office', 'x', ' ', '\n'), { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(texts, fc.array(fc.nat(80), { minLength: 1, maxLength: 6 })), { minLength: 1, maxLength: 4 }), (calls) => {
        for (const [t, froms] of calls) for (const from of froms) expect(seek(t, from), `${JSON.stringify(t)} from ${from}`).toBe(fresh(t, Math.min(from, t.length + 1)));
      }),
      { numRuns: 300 },
    );
  });
  it('capitalStartSeek and capitalBeforeDotSeek find what a search for their expressions finds', () => {
    const searches: [SeekFunction, RegExp][] = [
      [capitalStartSeek, /[A-Z\u0080-\ud7ff\ue000-\uffff]|[\ud800-\udbff]/g],
      [capitalBeforeDotSeek, /(?:[A-Z\u0080-\ud7ff\ue000-\uffff]|[\ud800-\udbff][\udc00-\udfff])\./g],
    ];
    const texts = fc.array(fc.constantFrom('A', 'Z', 'a', '@', '[', 'É', '\u0080', '\u007f', '𝒜', '\ud835', '\udc9c', '\ud7ff', '\ue000', '.', '..', ' ', '\n'), { maxLength: 14 }).map((p) => p.join(''));
    fc.assert(
      fc.property(texts, fc.array(fc.nat(20), { minLength: 1, maxLength: 6 }), (t, froms) => {
        for (const [seek, expression] of searches) {
          for (const from of froms) {
            expression.lastIndex = from;
            const expected = from <= t.length ? (expression.exec(t)?.index ?? -1) : -1;
            expect(seek(t, from), `${expression.source} in ${JSON.stringify(t)} from ${from}`).toBe(expected);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
  it('lineStartSeek gives the text start and the positions after line feeds; earliestSeek the first of several', () => {
    expect([0, 1, 3, 4, 5].map((from) => lineStartSeek('ab\ncd\n', from))).toEqual([0, 3, 3, 6, 6]);
    expect(lineStartSeek('ab', 1)).toBe(-1);
    const both = earliestSeek(lineStartSeek, shiftedSeek(/x/g));
    expect([1, 2, 4].map((from) => both('axb\nx', from))).toEqual([1, 4, 4]);
  });
});

describe('the number and date rules, tried only where a number or a month opens (shared cues)', () => {
  const NUMBER_RULES = ['cardinal', 'count-phrase', 'money-suffix', 'percentage', 'measure', 'duration', 'date-month-name', 'year-range', 'year'];
  // Openings in several cases, what the patterns read after them, and what stops them (a word
  // character or a dot before, an article number, a longer word that starts like a number word).
  const PIECES = ['0', '5', '12', '.5', '0.5', '1,500', '1999', '2001', '1st', 'one', 'One', 'TWO', 'seventy', 'hundred', 'thousand', 'fourth', 'twice', 'a', 'A', 'an',
    'few', 'couple of', 'half', 'and a half', 'several', 'Some', 'many', 'onerous', 'often', 'years', 'year', 'hours', 'month', 'euros', 'EUR', '(EUR)', '%', 'per cent',
    'km', 'kg', 'children', 'other', 'between', 'from', 'and', 'to', 'May', 'may', 'Jan.', 'December', 'decision', 'of', '-', '–', '/', ',', '.', ' ', ' ', ' ', '\n',
    'x', '_', '§', 'Article', 'no.', 'é', 'about', 'another', 'oneself', 'tenth', 'sixteenth', 'twentym', 'somewhat', 'halfway', 'a1', 'seventeen', 'Twentieth'];
  // Whole phrases, so that every opening is met with what completes a match after it.
  const PHRASES = ['half an hour', 'a few days', 'a couple of weeks', 'an hour', 'some years', 'one and a half years', 'two hundred euros', 'Twenty-one months', '50 per cent',
    '10 km', '3 children', 'three other applicants', 'in 1999', 'the 1990s', 'no. 1999', '§ 2001', '1999 euros', 'between 1999 and 2001', 'from 1999 to 2001', '1999–2001', '5 May 2001', 'Jan. 5, 1999', 'December 2001', '1st of May'];
  const text = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.constantFrom(...PHRASES)), { maxLength: 16 }).map((parts) => parts.join(''));

  it('find what their plain scans find, on generated texts', () => {
    const rules = NUMBER_RULES.map((name) => ALL_RULES.find((r) => r.name === name)!);
    for (const rule of rules) expect(rule.opensWithCue, rule.name).toBeTruthy();
    fc.assert(
      fc.property(text, (t) => {
        for (const rule of rules) expect(applyRule(rule, t), `${rule.name} on ${JSON.stringify(t)}`).toEqual(applyRule({ ...rule, cues: undefined, opensWithCue: undefined }, t));
      }),
      { numRuns: 2000 },
    );
  });

  it('the money, percentage, count and cardinal rules are not tried at words only a duration opens with ("a", "an", "some", "half")', () => {
    const text = 'A man, an hour, some of many, several and half of it; two of 3 twice.';
    const startsOf = (name: string): string[] => cueStarts(text, cueIdsOf(ALL_RULES.find((r) => r.name === name)!)).map((at) => /\w+/.exec(text.slice(at))![0]);
    for (const name of ['money-suffix', 'percentage', 'count-phrase']) expect(startsOf(name), name).toEqual(['two', '3']);
    expect(startsOf('cardinal')).toEqual(['two', '3', 'twice']);
    expect(startsOf('duration')).toEqual(['A', 'an', 'some', 'many', 'several', 'and', 'half', 'two', '3', 'twice']);
  });

  it('the cardinal is also tried at a dot before a digit (".5")', () => {
    const cardinal = ALL_RULES.find((r) => r.name === 'cardinal')!;
    expect(applyRule(cardinal, 'about .5 of it').map((m) => [m.start, m.end])).toEqual([[6, 8]]);
  });
});

describe('the file-reference rule, tried only in the window before a slash (startsAt)', () => {
  const fileReference = ALL_RULES.find((r) => r.name === 'file-reference')!;
  const PIECES = ['E.', 'K.', 'Az.', 'ABC', 'no.', '2', '2001', '12345', '123456', 'K', 'Ob', 'Abcd.', '21', '/', '01', '04', '123', 'x', '_', ' ', ' ', '\n', '.', '-', 'é'];
  // Whole references, the longest (22 units before the slash) among them.
  const REFERENCES = ['ABC. 1234 Abcd. 123456/01', 'AB 12 Cd 1234/567', 'E. 2001/123', 'no. 2 K 21/01', 'Az. 3 Ob 12/04'];
  const text = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.constantFrom(...REFERENCES)), { maxLength: 16 }).map((parts) => parts.join(''));

  it('finds what the plain scan finds, on generated texts', () => {
    expect(applyRule(fileReference, 'See Az. 3 Ob 12/04 and E. 2001/123.').length).toBeGreaterThan(0);
    expectStartsAtExact(fileReference, text, 3000);
  });
});
