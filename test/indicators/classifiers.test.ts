import { describe, expect, it } from 'vitest';
import { EnsembleClassifier, ForestClassifier, LogisticClassifier, groupFolds, loadClassifier, mulberry32 } from '../../src/indicators/classifiers/index.ts';

/** Two separable clouds in 3 features (the third is noise), 12 "documents" of 10 rows. */
function toySet(seed: number): { rows: number[][]; labels: number[]; groups: string[] } {
  const random = mulberry32(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  const groups: string[] = [];
  for (let i = 0; i < 120; i++) {
    const label = i % 2;
    const centre = label === 1 ? 3 : -3;
    rows.push([centre + random() * 2 - 1, -centre + random() * 2 - 1, random() * 10]);
    labels.push(label);
    groups.push(`doc-${i % 12}`);
  }
  return { rows, labels, groups };
}

const accuracy = (p: number[], labels: number[]) => p.filter((q, i) => (q >= 0.5 ? 1 : 0) === labels[i]).length / labels.length;

describe('classifiers on a separable toy set', () => {
  const train = toySet(1);
  const test = toySet(2);

  it('logistic regression separates it, with confident probabilities', () => {
    const model = LogisticClassifier.train(train.rows, train.labels);
    const p = model.predictProbability(test.rows);
    expect(accuracy(p, test.labels)).toBe(1);
    expect(Math.min(...p.filter((_, i) => test.labels[i] === 1))).toBeGreaterThan(0.9);
  });

  it('random forest separates it', () => {
    const model = ForestClassifier.train(train.rows, train.labels);
    expect(accuracy(model.predictProbability(test.rows), test.labels)).toBe(1);
  });

  it('the cross-validated ensemble separates it, is deterministic and survives a JSON round trip', () => {
    const first = EnsembleClassifier.fit(train.rows, train.labels, train.groups, { folds: 4, seed: 7 });
    const again = EnsembleClassifier.fit(train.rows, train.labels, train.groups, { folds: 4, seed: 7 });
    const p = first.model.predictProbability(test.rows);
    expect(accuracy(p, test.labels)).toBe(1);
    expect(again.model.predictProbability(test.rows)).toEqual(p);
    expect(first.report.folds).toBe(4);
    expect(first.report.candidates.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 10);
    expect(first.report.ensembleLogLoss).toBeLessThan(0.1);
    const reloaded = loadClassifier(JSON.parse(JSON.stringify(first.model.toJSON())));
    expect(reloaded.predictProbability(test.rows)).toEqual(p);
  });

  it('keeps each document in one fold', () => {
    const folds = groupFolds(train.groups, 5, 3);
    const foldOfDoc = new Map<string, number>();
    train.groups.forEach((g, i) => {
      expect(foldOfDoc.get(g) ?? folds[i]).toBe(folds[i]);
      foldOfDoc.set(g, folds[i]);
    });
    expect(new Set(folds).size).toBe(5);
    expect(groupFolds(train.groups, 5, 3)).toEqual(folds);
  });

  it('rejects malformed training data with a message that says what is wrong', () => {
    expect(() => LogisticClassifier.train([[1, 2], [3]], [0, 1])).toThrow(/row 1 has 1 features, expected 2/);
    expect(() => ForestClassifier.train([[1], [2]], [0, 2])).toThrow(/label 1 is 2/);
  });
});
