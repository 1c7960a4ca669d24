/**
 * Model selection and ensembling, a small stand-in for the paper's AutoGluon predictor: every
 * candidate (logistic regressions and random forests with a few hyper-parameter settings) is
 * scored by group k-fold cross-validation (folds over documents, so that mentions of one document
 * never sit on both sides), then a weighted ensemble is chosen greedily on the out-of-fold
 * predictions (Caruana et al. 2004, as AutoGluon's WeightedEnsemble does) and its members are
 * refitted on all the data. Seeded and deterministic.
 */
import { ForestClassifier } from './forest.ts';
import { LogisticClassifier } from './logistic.ts';
import type { CandidateSpec, ClassifierJson, EnsembleJson, ProbabilisticClassifier } from './types.ts';

export const DEFAULT_CANDIDATES: readonly CandidateSpec[] = [
  { kind: 'logistic', params: { numSteps: 300, stepSize: 0.5 } },
  { kind: 'logistic', params: { numSteps: 3000, stepSize: 0.5 } },
  { kind: 'forest', params: { nEstimators: 60, maxFeatures: 0.5, maxDepth: 6, minNumSamples: 5, seed: 42 } },
  { kind: 'forest', params: { nEstimators: 60, maxFeatures: 0.8, maxDepth: 12, minNumSamples: 3, seed: 42 } },
];

export interface EnsembleOptions {
  folds?: number;
  seed?: number;
  candidates?: readonly CandidateSpec[];
  /** Greedy selection rounds (members are picked with replacement; weight = picks / rounds). */
  rounds?: number;
}

export interface CandidateReport {
  spec: CandidateSpec;
  /** Out-of-fold log-loss and accuracy at 0.5. */
  logLoss: number;
  accuracy: number;
  weight: number;
}

export interface EnsembleReport {
  folds: number;
  candidates: CandidateReport[];
  /** Out-of-fold log-loss of the weighted ensemble. */
  ensembleLogLoss: number;
}

export function trainCandidate(spec: CandidateSpec, rows: readonly number[][], labels: readonly number[]): ProbabilisticClassifier {
  return spec.kind === 'logistic' ? LogisticClassifier.train(rows, labels, spec.params) : ForestClassifier.train(rows, labels, spec.params);
}

export class EnsembleClassifier implements ProbabilisticClassifier {
  constructor(private readonly members: readonly { weight: number; model: ProbabilisticClassifier }[]) {}

  /** Cross-validates the candidates, picks ensemble weights, refits the chosen members on everything. */
  static fit(rows: readonly number[][], labels: readonly number[], groups: readonly string[], options: EnsembleOptions = {}): { model: EnsembleClassifier; report: EnsembleReport } {
    const candidates = options.candidates ?? DEFAULT_CANDIDATES;
    const folds = groupFolds(groups, options.folds ?? 5, options.seed ?? 42);
    const outOfFold = candidates.map((spec) => crossValidate(spec, rows, labels, folds));
    const weights = greedyWeights(outOfFold, labels, options.rounds ?? 20);
    const members = candidates
      .map((spec, i) => ({ spec, weight: weights[i] }))
      .filter((m) => m.weight > 0)
      .map((m) => ({ weight: m.weight, model: trainCandidate(m.spec, rows, labels) }));
    const ensembleOof = labels.map((_, r) => outOfFold.reduce((a, p, i) => a + weights[i] * p[r], 0));
    const report: EnsembleReport = {
      folds: new Set(folds).size,
      candidates: candidates.map((spec, i) => ({ spec, logLoss: logLoss(outOfFold[i], labels), accuracy: accuracy(outOfFold[i], labels), weight: weights[i] })),
      ensembleLogLoss: logLoss(ensembleOof, labels),
    };
    return { model: new EnsembleClassifier(members), report };
  }

  predictProbability(rows: readonly number[][]): number[] {
    const total = rows.map(() => 0);
    for (const { weight, model } of this.members) {
      model.predictProbability(rows).forEach((p, r) => (total[r] += weight * p));
    }
    return total;
  }

  toJSON(): EnsembleJson {
    return { kind: 'ensemble', members: this.members.map((m) => ({ weight: m.weight, model: m.model.toJSON() as EnsembleJson['members'][number]['model'] })) };
  }
}

export function loadClassifier(json: ClassifierJson): ProbabilisticClassifier {
  switch (json.kind) {
    case 'logistic':
      return LogisticClassifier.fromJSON(json);
    case 'forest':
      return ForestClassifier.fromJSON(json);
    case 'ensemble':
      return new EnsembleClassifier(json.members.map((m) => ({ weight: m.weight, model: loadClassifier(m.model) })));
  }
}

/** Fold index per row; the groups (documents) are shuffled with the seed and dealt round-robin. */
export function groupFolds(groups: readonly string[], folds: number, seed: number): number[] {
  const unique = [...new Set(groups)].sort();
  const k = Math.max(2, Math.min(folds, unique.length));
  if (unique.length < 2) throw new Error(`cross-validation needs at least 2 documents, got ${unique.length}`);
  const random = mulberry32(seed);
  for (let i = unique.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [unique[i], unique[j]] = [unique[j], unique[i]];
  }
  const foldOf = new Map(unique.map((g, i) => [g, i % k]));
  return groups.map((g) => foldOf.get(g)!);
}

/** Out-of-fold P(1) for every row. */
export function crossValidate(spec: CandidateSpec, rows: readonly number[][], labels: readonly number[], folds: readonly number[]): number[] {
  const predictions = new Array<number>(rows.length).fill(0);
  for (const fold of new Set(folds)) {
    const train = rows.map((_, i) => i).filter((i) => folds[i] !== fold);
    const test = rows.map((_, i) => i).filter((i) => folds[i] === fold);
    const model = trainCandidate(spec, train.map((i) => rows[i]), train.map((i) => labels[i]));
    model.predictProbability(test.map((i) => rows[i])).forEach((p, t) => (predictions[test[t]] = p));
  }
  return predictions;
}

function greedyWeights(predictions: readonly number[][], labels: readonly number[], rounds: number): number[] {
  const picks = predictions.map(() => 0);
  const sum = labels.map(() => 0);
  for (let round = 1; round <= rounds; round++) {
    let best = 0;
    let bestLoss = Infinity;
    predictions.forEach((p, i) => {
      const loss = logLoss(sum.map((s, r) => (s + p[r]) / round), labels);
      if (loss < bestLoss) (bestLoss = loss), (best = i);
    });
    picks[best]++;
    predictions[best].forEach((p, r) => (sum[r] += p));
  }
  return picks.map((n) => n / rounds);
}

export function logLoss(probabilities: readonly number[], labels: readonly number[]): number {
  const eps = 1e-6;
  const total = probabilities.reduce((a, p, i) => {
    const q = Math.min(1 - eps, Math.max(eps, p));
    return a - (labels[i] === 1 ? Math.log(q) : Math.log(1 - q));
  }, 0);
  return total / probabilities.length;
}

function accuracy(probabilities: readonly number[], labels: readonly number[]): number {
  return probabilities.filter((p, i) => (p >= 0.5 ? 1 : 0) === labels[i]).length / probabilities.length;
}

/** Small seeded PRNG (deterministic shuffles). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
