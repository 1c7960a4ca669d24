/**
 * The speed-ups of the rule, gazetteer and propagation steps must not change a single mention:
 * each fast path is checked here against the slower reference it replaces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPO_DATASETS } from '../../src/corpus/index.ts';
import { plainScan, plainScannable, regexScan, scanForms } from '../../src/detect/form-scan.ts';
import { KeywordMatcher, lowerSameLength, tokenBounds, tokenize } from '../../src/detect/gazetteer/matcher.ts';
import { chainStart } from '../../src/detect/rules/seek.ts';
import { normalizeSurface } from '../../src/detect/coref.ts';
import { CONTEXT_BY_SUBTYPE, contextSignal, type ContextWords } from '../../src/detect/context.ts';
import { ALL_RULES, applyRule, cleanCapitalizedSequence, ruleMayMatch, type Rule } from '../../src/detect/rules/index.ts';

const sampleTexts: string[] = (JSON.parse(readFileSync(join(REPO_DATASETS, 'sample', 'sample.json'), 'utf8')) as { text: string }[]).map((d) => d.text);

const TRICKY = [
  '',
  '   ',
  'Mr Jan Kowalski met Ms Anna Nowak in Oslo.',
  '😀 a ballet\n  dancer from İzmir, 𝐀𝐁 and K (Kelvin) ſ',
  'café naïve e\u0301t\u00e9 — “quoted” ‘single’ it’s',
  'lone \ud800 high and \udc00 low surrogates, \u00a0nbsp\u2003em\u3000ideographic',
  'tab\tsep\r\nlines_with_underscores 12,500.75 3½ ⅰⅱ',
];

/** The token regex the hand-written scanner replaces. */
const TOKEN = /[\p{L}\p{N}\p{M}_]+|[^\s\p{L}\p{N}\p{M}_]/gu;

describe('gazetteer tokenizer', () => {
  it('finds the same tokens as the token regex', () => {
    for (const text of [...TRICKY, ...sampleTexts]) {
      const expected = [...text.matchAll(TOKEN)].map((m) => [m.index, (m.index ?? 0) + m[0].length]);
      const { starts, ends } = tokenBounds(text);
      expect(starts.map((s, i) => [s, ends[i]]), text.slice(0, 40)).toEqual(expected);
    }
  });
  it('splits words, punctuation and astral characters; skips every kind of space', () => {
    const text = 'Ab_1,😀\u00a0é\u0301x';
    expect(tokenize(text).map((t) => t.key)).toEqual(['ab_1', ',', '😀', 'é\u0301x']);
    expect(tokenBounds('\u2003 \t\n').starts).toEqual([]);
    expect(tokenize('İzmir').map((t) => [t.start, t.end, t.key])).toEqual([[0, 5, lowerSameLength('İzmir')]]);
  });
});

describe('rule keyword prefilter', () => {
  const rule = (requires: string[] | undefined, flags = 'g'): Rule => ({ name: 'x', entityType: 'X', confidence: 1, pattern: new RegExp('century', flags), requires });
  it('lets a text through when it holds a required string, or when the rule has none', () => {
    expect(ruleMayMatch(rule(['century']), 'the 20th century')).toBe(true);
    expect(ruleMayMatch(rule(undefined), 'nothing here')).toBe(true);
    expect(ruleMayMatch(rule([]), 'nothing here')).toBe(true);
  });
  it('rejects a text that holds none of the required strings', () => {
    expect(ruleMayMatch(rule(['century']), 'the 20th Century')).toBe(false);
    expect(ruleMayMatch(rule(['century', 'decade']), 'no such word')).toBe(false);
  });
  it('compares with the pattern case flags and escapes regex syntax', () => {
    expect(ruleMayMatch(rule(['century'], 'gi'), 'the 20th CENTURY')).toBe(true);
    expect(ruleMayMatch(rule(['st.']), 'first street')).toBe(false);
    expect(ruleMayMatch(rule(['st.']), 'Main st. 5')).toBe(true);
    expect(ruleMayMatch(rule(['a+b']), 'aab')).toBe(false);
  });
  it('never hides a match: every match of a prefiltered rule holds one of its strings', () => {
    const texts = [...sampleTexts, 'In the 1990s and the late nineties, on Monday, in the 20th century; summer 1995; 40% and 81.7 per cent; Main Street 5 and Schlossgasse 12; jan@example.org; http://x.org; 36110/97 and E. 2001/123'];
    for (const r of ALL_RULES.filter((x) => x.requires)) {
      const bare: Rule = { ...r, requires: undefined };
      for (const text of texts) {
        const found = applyRule(bare, text);
        expect(applyRule(r, text), `${r.name}`).toEqual(found);
        if (found.length > 0) expect(ruleMayMatch(r, text), r.name).toBe(true);
      }
    }
  });
});

describe('propagation form scan', () => {
  const forms = ['Jan Kowalski', 'Kowalski', 'Oslo', 'Ab'];
  const cases = [
    'Jan Kowalski lives in Oslo. Kowalski left Oslo; Kowalskiego is another word.',
    'Jan\n  Kowalski and Jan\u00a0Kowalski, xKowalski, Kowalski1, 1Oslo, Oslo😀, 😀Oslo, 𝐀Oslo',
    'JanKowalski Jan  Kowalskix Jan Kowalski Kowalski',
    '',
  ];
  it('finds what the reference expression finds', () => {
    for (const text of [...cases, ...sampleTexts]) expect(plainScan(text, forms), text.slice(0, 40)).toEqual(regexScan(text, forms));
  });
  it('prefers earlier (longer) forms at one position and resumes after a match', () => {
    expect(scanForms('Jan Kowalski', ['Jan Kowalski', 'Jan']).map((m) => m.form)).toEqual(['Jan Kowalski']);
    expect(scanForms('Jan Kowalskis Jan', ['Jan Kowalski', 'Jan']).map((m) => [m.start, m.form])).toEqual([[0, 'Jan'], [14, 'Jan']]);
  });
  it('leaves forms the plain scan cannot mirror to the expression', () => {
    expect(plainScannable('Jan Kowalski')).toBe(true);
    expect(plainScannable(' Jan')).toBe(false);
    expect(plainScannable('Jan ')).toBe(false);
    expect(plainScannable('Jan\tKowalski')).toBe(false);
    expect(plainScannable('😀 Jan')).toBe(false);
    expect(plainScannable('')).toBe(false);
    expect(scanForms('a  😀 Jan b 😀 Jan', ['😀 Jan'])).toEqual(regexScan('a  😀 Jan b 😀 Jan', ['😀 Jan']));
  });
});

describe('capitalized-sequence cleaning', () => {
  const clean = (text: string, surface: string): string | undefined => {
    const start = text.indexOf(surface);
    const span = cleanCapitalizedSequence(text, { start, end: start + surface.length });
    return span && text.slice(span.start, span.end);
  };
  it('trims function words, sentence-initial boilerplate and -ly words, and trailing connectors', () => {
    expect(clean('x. The Hague Court of', 'The Hague Court of')).toBe('Hague Court');
    expect(clean('done. Article Kowalski said', 'Article Kowalski')).toBe('Kowalski');
    expect(clean('done. Shortly Kowalski said', 'Shortly Kowalski')).toBe('Kowalski');
    // "Qccxsly" and "Zafdyyl" have one FNV-1a hash: the table must compare the text, not trust the hash.
    for (let round = 0; round < 2; round++) {
      expect(clean('done. Qccxsly Kowalski said', 'Qccxsly Kowalski')).toBe('Kowalski');
      expect(clean('done. Zafdyyl Kowalski said', 'Zafdyyl Kowalski')).toBe('Zafdyyl Kowalski');
    }
  });
  it('keeps boilerplate and -ly words that do not open a sentence, and drops boilerplate alone', () => {
    expect(clean('the Article Kowalski', 'Article Kowalski')).toBe('Article Kowalski');
    expect(clean('met Shortly Kowalski', 'Shortly Kowalski')).toBe('Shortly Kowalski');
    expect(clean('under the European Convention', 'European Convention')).toBeUndefined();
  });
  it('reads words the same before and after its table of known words fills and is emptied, and across hash-alike words', () => {
    const before = [clean('x. The Hague Court of', 'The Hague Court of'), clean('under the European Convention', 'European Convention'), clean('Dear Anna', 'Dear Anna')];
    // 40,000 distinct capitalized words: more than the table keeps (32,768) before it is emptied.
    const word = (k: number): string => 'Q' + k.toString(26).replace(/./g, (d) => String.fromCharCode(97 + parseInt(d, 26)));
    for (let k = 0; k < 40_000; k++) expect(clean(`said ${word(k)} today`, word(k))).toBe(word(k));
    expect([clean('x. The Hague Court of', 'The Hague Court of'), clean('under the European Convention', 'European Convention'), clean('Dear Anna', 'Dear Anna')]).toEqual(before);
    // Words of one length sharing most units ("Shortly", "Shortlx") are told apart by their text, not their hash slot.
    expect(clean('done. Shortly Kowalski said', 'Shortly Kowalski')).toBe('Kowalski');
    expect(clean('done. Shortlx Kowalski said', 'Shortlx Kowalski')).toBe('Shortlx Kowalski');
    expect(clean('done. Shortly Kowalski said', 'Shortly Kowalski')).toBe('Kowalski');
  });
});

describe('surface normalization', () => {
  it('treats ASCII and non-ASCII surfaces alike', () => {
    expect(normalizeSurface('Mr Dr  Jan O’Neill')).toBe("jan o'neill");
    expect(normalizeSurface('the Cafe\u0301 Society')).toBe('café society');
    expect(normalizeSurface('Mr. mr Jan')).toBe('jan');
    expect(normalizeSurface('An Post')).toBe('post');
  });
});

describe('rules that seek ahead (org-head)', () => {
  const orgHead = ALL_RULES.find((r) => r.name === 'org-head')!;
  const withoutSeek: Rule = { ...orgHead, seek: undefined };
  const PIECES = ['Court', 'Courts', 'Courtney', 'Courté', 'BigCourt', 'Ministry', 'of', 'the', 'for', '&', 'State', 'Security', 'Istanbul', 'x',
    '1st', '2', 'Foreign', 'Affairs', 'Prosecutor’s Office', 'plc', 'lower', 'É', 'Łódź', '𝒜', "O'Neill", 'Xenides-Arestis', '-', ',', '.', '(', ' ', ' ', '  ', '\n', '\u00a0'];
  const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

  it('finds what the plain scan finds, on generated texts', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(applyRule(orgHead, t)).toEqual(applyRule(withoutSeek, t));
      }),
      { numRuns: 400 },
    );
  });

  it('finds what the plain scan finds on the sample documents', () => {
    expect(orgHead.seek).toBeDefined();
    for (const t of [...sampleTexts, ...TRICKY]) expect(applyRule(orgHead, t)).toEqual(applyRule(withoutSeek, t));
  });

  it('walks back over a capitalized chain and stops at a word that cannot belong to it', () => {
    const continues = (token: string): boolean => /^[\p{Lu}\p{N}]/u.test(token) || token === 'of';
    const t = 'we saw that Istanbul State Security Court ruled';
    expect(chainStart(t, t.indexOf('Court'), 0, continues)).toBe(t.indexOf('that'));
    // The anchor's own token may hold a chain start ("BigCourt"); "a" could too, as far as the walk knows.
    expect(chainStart('a BigCourt', 5, 0, continues)).toBe(0);
    expect(chainStart('a, BigCourt', 6, 0, continues)).toBe(3);
    expect(chainStart('Xx of Court', 6, 4, continues)).toBe(4);
  });
});

describe('gazetteer lookups by token hash', () => {
  it('match what a plain string-keyed walk matches, with and without given tokens', () => {
    const matcher = new KeywordMatcher<string>();
    for (const [term, casePolicy] of [['ballet dancer', 'insensitive'], ['Dancer', 'sensitive'], ['İzmir', 'sensitive'], ['k', 'insensitive'], ['😀 a', 'insensitive']] as const) {
      matcher.add({ term, casePolicy, payload: term });
    }
    for (const t of TRICKY) expect(matcher.match(t)).toEqual(matcher.match(t, tokenize(t)));
    expect(matcher.match('A Ballet  Dancer and a Dancer in İzmir').map((m) => m.term)).toEqual(['ballet dancer', 'Dancer', 'İzmir']);
  });
  it('give the same matches whatever text came before (the token arrays are reused and grown)', () => {
    const matcher = new KeywordMatcher<string>();
    matcher.add({ term: 'ballet dancer', casePolicy: 'insensitive', payload: 'x' });
    const long = 'a ballet dancer, '.repeat(3000);
    const short = 'one Ballet dancer';
    const fresh = (t: string) => matcher.match(t, tokenize(t));
    for (const t of [short, long, short, long.slice(7), short]) expect(matcher.match(t)).toEqual(fresh(t));
  });
});

describe('gazetteer start filters', () => {
  // Terms that share first tokens, one-token terms that also begin longer ones, and a first token
  // ("the") that is a term of no list alone: the filters must never pass over a start.
  const TERMS: [string, 'sensitive' | 'insensitive'][] = [
    ['The Hague', 'sensitive'], ['the netherlands', 'insensitive'], ['New York', 'sensitive'], ['New York City', 'sensitive'], ['york', 'insensitive'],
    ['ballet dancer', 'insensitive'], ['Dancer', 'sensitive'], ['a b c', 'insensitive'], ['b', 'insensitive'], ['İzmir', 'sensitive'], ['😀 a', 'insensitive'],
  ];
  const matcher = new KeywordMatcher<string>();
  for (const [term, casePolicy] of TERMS) matcher.add({ term, casePolicy, payload: term });

  /** Leftmost-longest matching by brute force over the tokens: every start, every end. */
  function reference(text: string): [number, number, string][] {
    const tokens = tokenize(text);
    const found: [number, number, string][] = [];
    for (let i = 0; i < tokens.length; ) {
      let best: [number, number, string, number] | undefined;
      for (let j = i; j < tokens.length; j++) {
        const keys = tokens.slice(i, j + 1).map((t) => t.key).join(' ');
        const surface = text.slice(tokens[i].start, tokens[j].end).replace(/\s+/g, ' ');
        const entry = TERMS.find(([term, policy]) => tokenize(term).map((t) => t.key).join(' ') === keys && (policy === 'insensitive' || term === surface));
        if (entry) best = [tokens[i].start, tokens[j].end, entry[0], j + 1];
      }
      if (best) found.push([best[0], best[1], best[2]]);
      i = best ? best[3] : i + 1;
    }
    return found;
  }

  it('pass over no token where a term starts', () => {
    const PIECES = ['the', 'The', 'Hague', 'hague', 'netherlands', 'New', 'new', 'York', 'City', 'york', 'ballet', 'Dancer', 'dancer', 'a', 'b', 'c', 'İzmir', '😀', 'x', ' ', '  ', '\n', '\t', '\u00a0', ',', '-'];
    const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(text, (t) => {
        expect(matcher.match(t).map((m) => [m.start, m.end, m.payload])).toEqual(reference(t));
      }),
      { numRuns: 400 },
    );
  });
});

describe('context words: the substring test before the split into words, on the lower-cased text', () => {
  /** The context signal as computed before the fast path: split the line before into words, always. */
  function reference(text: string, start: number, words: ContextWords): 'raise' | 'lower' | undefined {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const before = text.slice(Math.max(lineStart, start - 80), start).toLowerCase();
    const window = ` ${(before.match(/[\p{L}\p{N}.]+/gu) ?? []).slice(-5).join(' ')} `.replace(/\.(?= )/g, '');
    const has = (list?: readonly string[]): boolean => (list ?? []).some((w) => window.includes(` ${w} `));
    const raise = has(words.raise);
    const lower = has(words.lower);
    return raise === lower ? undefined : raise ? 'raise' : 'lower';
  }
  it('gives the signal of the full computation, for every subtype and position', () => {
    const PIECES = ['born', 'Born', 'BORN', 'd.o.b.', 'DOB:', 'tel.', 'Tel', 'hotel', 'phone', 'invoice', 'social', 'security', 'NHS', 'number', 'ni', 'Nİ', 'İd',
      'sort', 'code', 'social-security', 'sort--code', 'national  insurance', 'iban', 'passport', 'née', 'x', '12', '.', ':', ' ', '  ', '\n', 'a'.repeat(30),
      // Capital sigmas, whose lower case depends on what follows (the window is read from the whole text's lower case).
      'ΟΔΥΣΣΕΑΣ', 'Σ'];
    const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(text, fc.nat(), (t, seed) => {
        const start = t.length === 0 ? 0 : seed % (t.length + 1);
        for (const words of Object.values(CONTEXT_BY_SUBTYPE)) expect(contextSignal(t, { start, end: start }, words)).toBe(reference(t, start, words));
      }),
      { numRuns: 500 },
    );
  });
});
