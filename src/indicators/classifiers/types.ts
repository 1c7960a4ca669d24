/** Binary probabilistic classifiers over dense feature rows (label 1 = MASK). */

export interface LogisticParams {
  /** Gradient steps over the whole training set. */
  numSteps: number;
  /** Step size per example (the library sums gradients over rows, so it is divided by n). */
  stepSize: number;
}

export interface ForestParams {
  nEstimators: number;
  /** Fraction of features tried per tree. */
  maxFeatures: number;
  maxDepth: number;
  minNumSamples: number;
  seed: number;
}

export type CandidateSpec = { kind: 'logistic'; params: LogisticParams } | { kind: 'forest'; params: ForestParams };

export interface LogisticJson {
  kind: 'logistic';
  params: LogisticParams;
  mean: number[];
  std: number[];
  /** Coefficients of the standardized features, intercept last. */
  coefficients: number[];
}

export interface ForestJson {
  kind: 'forest';
  params: ForestParams;
  model: unknown;
}

export interface EnsembleJson {
  kind: 'ensemble';
  members: { weight: number; model: LogisticJson | ForestJson }[];
}

export type ClassifierJson = LogisticJson | ForestJson | EnsembleJson;

export interface ProbabilisticClassifier {
  /** P(label 1) per row. */
  predictProbability(rows: readonly number[][]): number[];
  toJSON(): ClassifierJson;
}
