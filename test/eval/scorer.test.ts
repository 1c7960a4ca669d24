import { describe, expect, it } from 'vitest';
import { evaluate, roundHalfEven3, roundMetrics, wordUnits, type TokenWeighting } from '../../src/eval/index.ts';
import { parseSystemSpans } from '../../src/corpus/index.ts';
import { corpusOf, spansOf, tabDocument } from '../helpers/tab.ts';

const run = (corpus: ReturnType<typeof corpusOf>, system: Record<string, { start: number; end: number }[]>, weighting?: TokenWeighting) =>
  evaluate(corpus, new Map(Object.entries(system)), { weighting });

describe('word units', () => {
  it('follows Python \\w+ over the span substring, cutting words at span edges', () => {
    const text = 'Ann-Marie’s café_2 costs €5½';
    expect(wordUnits(text, { start: 0, end: text.length }).map((u) => text.slice(u.start, u.end))).toEqual(['Ann', 'Marie', 's', 'café_2', 'costs', '5½']);
    expect(wordUnits(text, { start: 1, end: 6 }).map((u) => text.slice(u.start, u.end))).toEqual(['nn', 'Ma']);
  });
});

describe('entity recall', () => {
  const text = 'The applicant, Mr John Smith, lives in Oslo. Smith works as a baker in Oslo.';
  const gold = corpusOf(
    tabDocument('d1', text, {
      a1: [
        { text: 'Mr John Smith', type: 'PERSON', id: 'DIRECT', entity: 'e1' },
        { text: 'Oslo', type: 'LOC', id: 'QUASI', entity: 'e2' },
        { text: 'Smith', type: 'PERSON', id: 'DIRECT', entity: 'e1', nth: 1 },
        { text: 'baker', type: 'DEM', id: 'QUASI', entity: 'e3' },
        { text: 'Oslo', type: 'LOC', id: 'NO_MASK', entity: 'e2', nth: 1 },
      ],
    }),
  );

  it('ignores "Mr" and punctuation, and exempts NO_MASK mentions from entity recall', async () => {
    const system = { d1: spansOf(text, 'John Smith', 'Oslo', ['Smith', 1]) };
    const r = await run(gold, system);
    // e1 (direct): "Mr" is an ignorable token → both mentions covered. e2 (quasi): the second
    // Oslo is NO_MASK → exempt. e3 (baker) is missed.
    expect(r.metrics.recall_direct_entities).toBe(1);
    expect(r.metrics.recall_quasi_entities).toBe(0.5);
    expect(r.metrics.recall_all_entities).toBeCloseTo(2 / 3, 12);
    // Mention recall counts all 5 mentions of need-masking entities, the NO_MASK one included.
    expect(r.metrics.mention_recall).toBeCloseTo(3 / 5, 12);
    // Word units: Mr John Smith | Oslo | Smith | baker | Oslo → 7; masked: John Smith ("Mr" is
    // ignorable), Oslo, Smith → Mr, John, Smith, Oslo, Smith = 5.
    expect(r.metrics.token_recall).toBeCloseTo(5 / 7, 12);
    expect(r.metrics.token_recall_by_type).toEqual({ PERSON: 1, LOC: 0.5, DEM: 0 });
  });

  it('takes direct/quasi status and the type from the FIRST mention only', async () => {
    const doc = tabDocument('d2', 'Oslo, then Oslo again.', {
      a1: [
        { text: 'Oslo', type: 'LOC', id: 'QUASI', entity: 'e1' },
        { text: 'Oslo', type: 'ORG', id: 'DIRECT', entity: 'e1', nth: 1 },
      ],
    });
    const r = await run(corpusOf(doc), { d2: [] });
    expect(r.counts.entitiesQuasi.total).toBe(1);
    expect(r.counts.entitiesDirect.total).toBe(0);
    expect(Object.keys(r.metrics.token_recall_by_type)).toEqual(['LOC']);
  });

  it('does not count an entity whose mentions are all NO_MASK', async () => {
    const doc = tabDocument('d3', 'The Court of Appeal ruled.', { a1: [{ text: 'Court of Appeal', type: 'ORG', id: 'NO_MASK', entity: 'e1' }] });
    const r = await run(corpusOf(doc), { d3: [] });
    expect(r.counts.entitiesAll.total).toBe(0);
    expect(r.metrics.recall_all_entities).toBe(0);
    expect(r.metrics.token_recall).toBe(0);
  });
});

describe('ignorable characters, tokens and parts of speech', () => {
  const text = 'He was employed by the Ministry of Justice on 3 May 1990 (approx.) about 12 times; no. 12345/06.';
  const doc = (mention: string, type = 'ORG') => tabDocument('p', text, { a1: [{ text: mention, type, id: 'QUASI', entity: 'e' }] });

  it('skips determiners and adpositions inside a mention', async () => {
    const r = await run(corpusOf(doc('the Ministry of Justice')), { p: spansOf(text, 'Ministry', 'Justice') });
    expect(r.metrics.recall_all_entities).toBe(1);
  });

  it('does not skip content words', async () => {
    const r = await run(corpusOf(doc('3 May 1990', 'DATETIME')), { p: spansOf(text, '3', '1990') });
    expect(r.metrics.recall_all_entities).toBe(0);
    expect(r.metrics.token_recall).toBeCloseTo(2 / 3, 12);
  });

  it('skips ignorable characters such as brackets, spaces and periods', async () => {
    const r = await run(corpusOf(doc('1990 (approx.)', 'DATETIME')), { p: spansOf(text, '1990', 'approx') });
    expect(r.metrics.recall_all_entities).toBe(1);
  });

  it('skips the ignorable token "about" but not the digits after it', async () => {
    const masked = await run(corpusOf(doc('about 12 times', 'QUANTITY')), { p: spansOf(text, '12 times') });
    expect(masked.metrics.recall_all_entities).toBe(1);
    const unmasked = await run(corpusOf(doc('about 12 times', 'QUANTITY')), { p: spansOf(text, 'about 12') });
    expect(unmasked.metrics.recall_all_entities).toBe(0);
  });

  it('does not ignore a newline, which is not an ignorable character', async () => {
    const t = 'Anna\nBerg lives here.';
    const d = tabDocument('n', t, { a1: [{ text: 'Anna\nBerg', type: 'PERSON', id: 'DIRECT', entity: 'e' }] });
    const r = await run(corpusOf(d), { n: spansOf(t, 'Anna', 'Berg') });
    expect(r.metrics.recall_direct_entities).toBe(0);
  });
});

describe('precision', () => {
  const text = 'Anna Berg met Olav Lie in Bergen on Monday.';
  const gold = corpusOf(
    tabDocument('q', text, {
      a1: [
        { text: 'Anna Berg', type: 'PERSON', id: 'DIRECT', entity: 'e1' },
        { text: 'Bergen', type: 'LOC', id: 'QUASI', entity: 'e2' },
        { text: 'Monday', type: 'DATETIME', id: 'NO_MASK', entity: 'e3' },
      ],
      a2: [
        { text: 'Anna Berg', type: 'PERSON', id: 'DIRECT', entity: 'e1' },
        { text: 'Olav Lie', type: 'PERSON', id: 'QUASI', entity: 'e2' },
      ],
    }),
  );

  it('micro-averages over annotators and counts word units of each system span', async () => {
    // Units: Anna, Berg (both annotators: 2 each), met (0), Bergen (a1 only), Monday (NO_MASK: 0).
    const r = await run(gold, { q: spansOf(text, 'Anna Berg met', 'Bergen', 'Monday') });
    expect(r.counts.tokenPrecision).toEqual({ hits: 2 + 2 + 0 + 1 + 0, total: 5 * 2 });
    expect(r.metrics.token_precision).toBe(0.5);
    // Mentions: "Anna Berg met" lies in no gold mention; Bergen in a1's; Monday in none.
    expect(r.counts.mentionPrecision).toEqual({ hits: 1, total: 6 });
  });

  it('counts overlapping and duplicated system spans once per span', async () => {
    const r = await run(gold, { q: spansOf(text, 'Anna Berg', 'Anna Berg', 'Berg') });
    expect(r.counts.tokenPrecision).toEqual({ hits: 10, total: 10 });
    expect(r.counts.mentionPrecision).toEqual({ hits: 6, total: 6 });
  });

  it('creates partial-word units when spans split a word', async () => {
    const r = await run(gold, { q: [{ start: 0, end: 2 }, { start: 2, end: 4 }] });
    expect(r.counts.tokenPrecision.total).toBe(4); // "An" and "na", two annotators each
  });

  it('counts zero-length spans in mention precision only, with no annotator', async () => {
    const r = await run(gold, { q: [{ start: 3, end: 3 }] });
    expect(r.counts.mentionPrecision).toEqual({ hits: 0, total: 2 });
    expect(r.counts.tokenPrecision.total).toBe(0);
  });

  it('computes F1 from unrounded precision and recall', async () => {
    const r = await run(gold, { q: spansOf(text, 'Anna Berg met') });
    const p = r.metrics.token_precision;
    const rec = r.metrics.token_recall;
    expect(r.metrics.token_f1).toBeCloseTo((2 * p * rec) / (p + rec), 14);
  });

  it('applies a token weighting to the weighted keys only', async () => {
    const byLength: TokenWeighting = { name: 'length', weights: async (t, units) => units.map((u) => u.end - u.start) };
    const r = await run(gold, { q: spansOf(text, 'Anna Berg met') }, byLength);
    // Anna (4, 2 annotators) Berg (4, 2) met (3, 0): TP = 8 + 8, DEN = 2·(4 + 4 + 3).
    expect(r.metrics.weighted_token_precision).toBeCloseTo(16 / 22, 12);
    expect(r.metrics.token_precision).toBeCloseTo(4 / 6, 12);
  });

  it('computes only the weighted levels asked for (each costs masked-LM passes)', async () => {
    const calls: number[] = [];
    const byLength: TokenWeighting = { name: 'length', weights: async (t, units) => (calls.push(units.length), units.map((u) => u.end - u.start)) };
    const system = new Map(Object.entries({ q: spansOf(text, 'Anna Berg met') }));
    const tokenOnly = await evaluate(gold, system, { weighting: byLength, weightedLevels: ['token'] });
    expect(calls).toEqual([3]); // the three word units, not the one mention
    expect(tokenOnly.metrics.weighted_token_precision).toBeCloseTo(16 / 22, 12);
    expect(tokenOnly.metrics.weighted_mention_precision).toBeUndefined();
    calls.length = 0;
    const both = await evaluate(gold, system, { weighting: byLength });
    expect(calls).toEqual([3, 1]);
    expect(both.metrics.weighted_token_precision).toBe(tokenOnly.metrics.weighted_token_precision);
  });
});

describe('documents and annotators', () => {
  it('skips gold documents missing from the system output', async () => {
    const a = tabDocument('a', 'Anna Berg', { a1: [{ text: 'Anna Berg', type: 'PERSON', id: 'DIRECT', entity: 'e' }] });
    const b = tabDocument('b', 'Olav Lie', { a1: [{ text: 'Olav Lie', type: 'PERSON', id: 'DIRECT', entity: 'e' }] });
    const r = await run(corpusOf(a, b), { a: [{ start: 0, end: 9 }] });
    expect(r.documentsEvaluated).toBe(1);
    expect(r.metrics.recall_all_entities).toBe(1);
  });

  it('counts each annotator’s entities separately (micro-average)', async () => {
    const text = 'Anna Berg from Bergen';
    const d = tabDocument('m', text, {
      a1: [{ text: 'Anna Berg', type: 'PERSON', id: 'DIRECT', entity: 'e1' }],
      a2: [
        { text: 'Anna Berg', type: 'PERSON', id: 'DIRECT', entity: 'e1' },
        { text: 'Bergen', type: 'LOC', id: 'QUASI', entity: 'e2' },
      ],
    });
    const r = await run(corpusOf(d), { m: spansOf(text, 'Anna Berg') });
    expect(r.counts.entitiesAll).toEqual({ hits: 2, total: 3 });
  });

  it('reads astral characters with code-point offsets', async () => {
    const text = '𝔄𝔫𝔫𝔞 said: Anna Berg 😀 lives in Bergen.';
    const d = tabDocument('x', text, {
      a1: [
        { text: 'Anna Berg', type: 'PERSON', id: 'DIRECT', entity: 'e1' },
        { text: 'Bergen', type: 'LOC', id: 'QUASI', entity: 'e2' },
      ],
    });
    const corpus = corpusOf(d);
    expect(corpus.documents[0].annotations[0].mentions.map((m) => text.slice(m.start, m.end))).toEqual(['Anna Berg', 'Bergen']);
    // "Bergen" starts at code point 32 but UTF-16 index 37 (5 astral characters before it).
    expect(corpus.documents[0].annotations[0].mentions[1].start).toBe(37);
    const { spans } = parseSystemSpans({ x: [[11, 20], [32, 38]] }, 'sys.json', corpus);
    const r = await evaluate(corpus, spans);
    expect(r.metrics.recall_all_entities).toBe(1);
    expect(r.metrics.token_precision).toBe(1);
  });

  it('leaves entity-level figures undefined for masked-spans gold', async () => {
    const corpus = corpusOf({ doc_id: 'w', text: 'Anna Berg was born in 1950.', masked_spans: [[0, 9], [22, 26]] });
    const r = await evaluate(corpus, new Map([['w', [{ start: 0, end: 9 }]]]));
    expect(r.metrics.recall_all_entities).toBeNull();
    expect(r.metrics.recall_direct_entities).toBeNull();
    expect(r.metrics.token_recall).toBeCloseTo(2 / 3, 12);
    expect(r.metrics.token_precision).toBe(1);
    expect(r.notes.join(' ')).toMatch(/undefined/);
  });
});

describe('rounding', () => {
  it('rounds like Python round(x, 3): exact ties to even, the rest by exact value', () => {
    expect(roundHalfEven3(0.0625)).toBe(0.062);
    expect(roundHalfEven3(0.1875)).toBe(0.188);
    expect(roundHalfEven3(0.3125)).toBe(0.312);
    expect(roundHalfEven3(0.6875)).toBe(0.688);
    expect(roundHalfEven3(0.0005)).toBe(0.001); // 0.0005 is slightly above the tie in binary
    expect(roundHalfEven3(2.675)).toBe(2.675);
    expect(roundHalfEven3(0.12345)).toBe(0.123);
    expect(roundHalfEven3(1)).toBe(1);
  });

  it('rounds every metric key', () => {
    const m = roundMetrics({
      token_recall: 0.0625,
      token_recall_by_type: { PERSON: 0.1875 },
      mention_recall: 1 / 3,
      recall_all_entities: null,
      recall_direct_entities: 2 / 3,
      recall_quasi_entities: 0,
      token_precision: 0.5,
      mention_precision: 0.9999,
      token_f1: 0.31249,
    });
    expect(m).toEqual({
      token_recall: 0.062,
      token_recall_by_type: { PERSON: 0.188 },
      mention_recall: 0.333,
      recall_all_entities: null,
      recall_direct_entities: 0.667,
      recall_quasi_entities: 0,
      token_precision: 0.5,
      mention_precision: 1,
      token_f1: 0.312,
    });
  });
});
