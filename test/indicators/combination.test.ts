import { describe, expect, it } from 'vitest';
import type { CandidateSpan, Document } from '../../src/corpus/index.ts';
import {
  CombinationIndicator,
  createCombinationIndicator,
  fitLogisticRegression,
  indicatorFactory,
  registerIndicator,
  type RiskIndicator,
  type SpanDocument,
} from '../../src/indicators/index.ts';

/** A hand-made indicator: a fixed risk per span start; MASK when risk ≥ its threshold. */
class FixedIndicator implements RiskIndicator {
  fitCalls = 0;
  constructor(
    readonly name: string,
    private readonly risks: Record<number, number>,
    private readonly threshold = 0.5,
  ) {}
  async fit(): Promise<void> {
    this.fitCalls++;
  }
  async score(_doc: Document, spans: readonly CandidateSpan[]): Promise<number[]> {
    return spans.map((s) => this.risks[s.start] ?? 0);
  }
  decide(risks: readonly number[], threshold = this.threshold): boolean[] {
    return risks.map((r) => r >= threshold);
  }
}

/** A document of `n` one-word spans "w0 w1 …", span i at offset 3i. */
function toyDocument(id: string, labels: ('MASK' | 'NO_MASK')[]): SpanDocument {
  const text = labels.map((_, i) => `w${i % 10}`).join(' ');
  const doc: Document = { id, text, goldKind: 'tab', annotations: [] };
  const spans = labels.map((label, i): CandidateSpan => ({ start: 3 * i, end: 3 * i + 2, entityId: `e${i}`, entityType: 'MISC', label }));
  return { doc, spans };
}

const risksFrom = (decisions: boolean[], offset = 0): Record<number, number> => Object.fromEntries(decisions.map((d, i) => [3 * (i + offset), d ? 1 : 0]));

describe('at-least-k vote', () => {
  // Votes per span: [3, 2, 1, 0].
  const a = new FixedIndicator('a', { 0: 0.9, 3: 0.9, 6: 0.9, 9: 0.1 });
  const b = new FixedIndicator('b', { 0: 0.9, 3: 0.9, 6: 0.1, 9: 0.1 });
  // c has its own threshold (10): 20 is MASK, 5 is not.
  const c = new FixedIndicator('c', { 0: 20, 3: 5, 6: 5, 9: 5 }, 10);
  const { doc, spans } = toyDocument('d', ['MASK', 'MASK', 'NO_MASK', 'NO_MASK']);

  it('counts MASK decisions and masks at k or more', async () => {
    const combination = new CombinationIndicator({ members: [a, b, c], rule: { kind: 'at-least', k: 2 } });
    const votes = await combination.score(doc, spans);
    expect(votes).toEqual([3, 2, 1, 0]);
    expect(combination.decide(votes)).toEqual([true, true, false, false]);
    for (const [k, expected] of [
      [1, [true, true, true, false]],
      [3, [true, false, false, false]],
    ] as const) {
      const other = new CombinationIndicator({ members: [a, b, c], rule: { kind: 'at-least', k } });
      expect(other.decide(await other.score(doc, spans))).toEqual(expected);
    }
    // The threshold argument overrides k, like any indicator's threshold.
    expect(combination.decide(votes, 1)).toEqual([true, true, true, false]);
  });

  it('hands member thresholds to the members, fits them unless told not to, and checks k', async () => {
    const strictC = new CombinationIndicator({ members: [a, b, c], rule: { kind: 'at-least', k: 1 }, memberThresholds: [undefined, undefined, 4] });
    expect(await strictC.score(doc, spans)).toEqual([3, 3, 2, 1]);

    const fresh = [new FixedIndicator('x', {}), new FixedIndicator('y', {})];
    await new CombinationIndicator({ members: fresh, rule: { kind: 'at-least', k: 1 } }).fit([]);
    expect(fresh.map((m) => m.fitCalls)).toEqual([1, 1]);
    await new CombinationIndicator({ members: fresh, rule: { kind: 'at-least', k: 1 }, fitMembers: false }).fit([]);
    expect(fresh.map((m) => m.fitCalls)).toEqual([1, 1]);

    expect(() => new CombinationIndicator({ members: [a, b, c], rule: { kind: 'at-least', k: 4 } })).toThrow(/k must be an integer from 1 to 3/);
    expect(() => new CombinationIndicator({ members: [a, b, c], rule: { kind: 'at-least', k: 0 } })).toThrow(/from 1 to 3/);
    expect(() => new CombinationIndicator({ members: [], rule: { kind: 'at-least', k: 1 } })).toThrow(/at least one member/);
  });
});

describe('learned vote', () => {
  // Gold labels of a train and a test document.
  const trainLabels: ('MASK' | 'NO_MASK')[] = ['MASK', 'NO_MASK', 'MASK', 'MASK', 'NO_MASK', 'NO_MASK', 'MASK', 'NO_MASK', 'MASK', 'NO_MASK'];
  const testLabels: ('MASK' | 'NO_MASK')[] = ['NO_MASK', 'MASK', 'MASK', 'NO_MASK', 'MASK', 'NO_MASK'];
  const train = toyDocument('train', trainLabels);
  const test = toyDocument('test', testLabels);
  // Spans are told apart by start offset; the test document's spans reuse the train offsets, so
  // the members get separate tables per document through the doc id.
  function member(name: string, decide: (gold: boolean, i: number) => boolean): RiskIndicator {
    const perDoc: Record<string, Record<number, number>> = {
      train: risksFrom(trainLabels.map((l, i) => decide(l === 'MASK', i))),
      test: risksFrom(testLabels.map((l, i) => decide(l === 'MASK', i))),
    };
    const fixed = new Map(Object.entries(perDoc).map(([id, risks]) => [id, new FixedIndicator(name, risks)]));
    return {
      name,
      fit: async () => undefined,
      score: (doc, spans) => fixed.get(doc.id)!.score(doc, spans),
      decide: (risks, threshold) => fixed.get('train')!.decide(risks, threshold),
    };
  }
  // oracle agrees with gold; always says MASK to everything; contrarian is wrong on every other span.
  const oracle = member('oracle', (gold) => gold);
  const always = member('always', () => true);
  const contrarian = member('contrarian', (gold, i) => (i % 2 === 0 ? !gold : gold));

  it('logistic regression learns to trust the informative indicator on a separable case', async () => {
    const combination = new CombinationIndicator({ members: [oracle, always, contrarian], rule: { kind: 'logistic-regression' } });
    await expect(combination.score(test.doc, test.spans)).rejects.toThrow(/call fit\(\)/);
    await combination.fit([train]);
    const decisions = combination.decide(await combination.score(test.doc, test.spans));
    expect(decisions).toEqual(testLabels.map((l) => l === 'MASK'));
    const { weights } = combination.toJSON() as { weights: number[] };
    expect(weights[0]).toBeGreaterThan(Math.abs(weights[1]));
    expect(weights[0]).toBeGreaterThan(Math.abs(weights[2]));

    // A majority vote (at least 2 of 3) gets the same test document wrong.
    const majority = new CombinationIndicator({ members: [oracle, always, contrarian], rule: { kind: 'at-least', k: 2 } });
    expect(majority.decide(await majority.score(test.doc, test.spans))).not.toEqual(testLabels.map((l) => l === 'MASK'));
  });

  it('f1-weights gives each member its train F1 as a vote', async () => {
    const combination = new CombinationIndicator({ members: [oracle, always, contrarian], rule: { kind: 'f1-weights' } });
    await combination.fit([train]);
    const { weights } = combination.toJSON() as { weights: number[] };
    // oracle: F1 1. always: P = 5/10, R = 1 → 2/3. contrarian: on even spans it flips gold
    // (train even spans: MASK, MASK, NO_MASK, MASK, MASK → 4 positives become NO_MASK, 1 negative MASK);
    // odd spans are right (1 MASK among 5) → tp 1, predicted 2, positives 5 → 2/7.
    expect(weights[0]).toBeCloseTo(1, 10);
    expect(weights[1]).toBeCloseTo(2 / 3, 10);
    expect(weights[2]).toBeCloseTo(2 / 7, 10);
    const scores = await combination.score(test.doc, test.spans);
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it('needs labelled train spans', async () => {
    const unlabelled = toyDocument('train', ['MASK']);
    unlabelled.spans = unlabelled.spans.map(({ label: _label, ...rest }) => rest);
    await expect(new CombinationIndicator({ members: [oracle], rule: { kind: 'logistic-regression' } }).fit([unlabelled])).rejects.toThrow(/no train spans with MASK\/NO_MASK labels/);
  });
});

describe('fitLogisticRegression', () => {
  it('keeps weights finite on separable data and puts the boundary between the classes', () => {
    const rows = [[0], [0], [0], [1], [1], [1]];
    const labels = [0, 0, 0, 1, 1, 1];
    const { weights, bias } = fitLogisticRegression(rows, labels, 0.1);
    expect(Number.isFinite(weights[0]) && Number.isFinite(bias)).toBe(true);
    expect(bias).toBeLessThan(0);
    expect(bias + weights[0]).toBeGreaterThan(0);
  });
});

describe('registry', () => {
  it('builds "combination" from registered member indicators', async () => {
    registerIndicator('combination-test-fixed', (options) => new FixedIndicator('combination-test-fixed', options.risks as Record<number, number>));
    const { doc, spans } = toyDocument('d', ['MASK', 'NO_MASK']);
    const combination = await indicatorFactory('combination')({
      rule: 'at-least',
      k: 2,
      members: [
        { name: 'combination-test-fixed', options: { risks: { 0: 1, 3: 1 } } },
        { name: 'combination-test-fixed', options: { risks: { 0: 1, 3: 0 } } },
      ],
    });
    expect(combination.name).toBe('combination');
    expect(combination.decide(await combination.score(doc, spans))).toEqual([true, false]);
    await expect(createCombinationIndicator({ members: [{ name: 'combination-test-fixed', options: {} }], rule: 'median' })).rejects.toThrow(/unknown rule "median"/);
    await expect(createCombinationIndicator({ members: [] })).rejects.toThrow(/non-empty list/);
  });
});
