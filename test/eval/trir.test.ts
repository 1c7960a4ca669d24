import { describe, expect, it } from 'vitest';
import { parseCorpus } from '../../src/corpus/index.ts';
import { anonymizationUnderTest, LexicalAttacker, trirMetric, windows, type MetricContext } from '../../src/eval/index.ts';

const knowledge = new Map([
  ['alice', 'Alice Moreau paints watercolour landscapes in her studio near the lighthouse and sells them at the market.'],
  ['bob', 'Bob Lindqvist repairs diesel engines at the harbour garage and races motorboats on weekends.'],
  ['carol', 'Carol Nakamura teaches organic chemistry and plays the cello in the city orchestra.'],
  // Superset: an individual with no document to re-identify.
  ['dave', 'Dave Okafor breeds alpacas on a farm in the hills and knits scarves from their wool.'],
]);

describe('lexical attacker', () => {
  it('links texts to the individual whose background knowledge shares their words, the same with the same seed', () => {
    const a = LexicalAttacker.train(knowledge, { seed: 3, windowWords: 8, windowStride: 4 });
    const b = LexicalAttacker.train(knowledge, { seed: 3, windowWords: 8, windowStride: 4 });
    const probes = ['PERSON repairs engines at a garage by the harbour', 'PERSON plays cello and teaches chemistry', 'someone knits wool scarves on a farm'];
    expect(probes.map((p) => a.predict(p))).toEqual(['bob', 'carol', 'dave']);
    expect(probes.map((p) => b.predict(p))).toEqual(probes.map((p) => a.predict(p)));
  });

  it('cuts texts into overlapping windows of words', () => {
    expect(windows(['a', 'b', 'c', 'd', 'e'], 2, 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(windows(['a', 'b', 'c', 'd'], 3, 2)).toEqual([['a', 'b', 'c'], ['c', 'd']]);
    expect(windows(['a', 'b'], 5, 2)).toEqual([['a', 'b']]);
  });
});

describe('TRIR', () => {
  it('is the share of documents linked to their own id; a document absent from the background knowledge counts as not re-identified', async () => {
    const corpus = parseCorpus(
      [
        { doc_id: 'alice', text: 'Alice Moreau paints watercolour landscapes near the lighthouse.', masked_spans: [] },
        { doc_id: 'bob', text: 'Bob Lindqvist repairs diesel engines at the harbour garage.', masked_spans: [] },
        // Nobody called erin is in the background knowledge: the attacker cannot link her.
        { doc_id: 'erin', text: 'Erin plays the cello and teaches chemistry.', masked_spans: [] },
      ],
      'docs.json',
    );
    const context = { corpus, backgroundKnowledge: async () => knowledge } as unknown as MetricContext;
    const metric = await trirMetric.create(trirMetric.options.parse({ backgroundKnowledge: 'bk', windowWords: 8, windowStride: 4 }), context);
    const names = new Map([['alice', [{ start: 0, end: 12 }]], ['bob', [{ start: 0, end: 13 }]], ['erin', [{ start: 0, end: 4 }]]]);
    const masked = anonymizationUnderTest('names', corpus, names, names, '[MASK]');
    // alice and bob are linked by their remaining words; erin's text points to carol: 2 of 3.
    expect(await metric.evaluate(masked)).toEqual({ TRIR: 2 / 3 });
    // Suppressing everything leaves nothing to link on; the attacker's guess is the same for every
    // document, so at most one can be right.
    const all = new Map(corpus.documents.map((d) => [d.id, [{ start: 0, end: d.text.length }]]));
    const { TRIR } = await metric.evaluate(anonymizationUnderTest('all', corpus, all, all, ''));
    expect(TRIR).toBeLessThanOrEqual(1 / 3);
  });
});
