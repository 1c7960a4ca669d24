/**
 * Logistic regression on standardized features, intercept last, fitted by full-batch gradient ascent.
 * The loop is ml-logistic-regression's (LogisticRegressionTwoClasses.train) with the same floating-point
 * operations in the same order, so the coefficients are bit-identical to it (a test checks), but over
 * flat typed arrays: the library transposes the whole design matrix and reads it through accessors at
 * every step, ten times slower on the ~10,000 TAB training spans.
 */
import type { LogisticJson, LogisticParams, ProbabilisticClassifier } from './types.ts';

export const DEFAULT_LOGISTIC_PARAMS: LogisticParams = { numSteps: 2000, stepSize: 0.5 };

export class LogisticClassifier implements ProbabilisticClassifier {
  private constructor(private readonly state: LogisticJson) {}

  static train(rows: readonly number[][], labels: readonly number[], params: LogisticParams = DEFAULT_LOGISTIC_PARAMS): LogisticClassifier {
    checkTrainingSet(rows, labels);
    const { mean, std } = standardization(rows);
    const coefficients = gradientAscent(design(rows, mean, std), rows.length, labels, params.numSteps, params.stepSize / rows.length);
    return new LogisticClassifier({ kind: 'logistic', params, mean, std, coefficients });
  }

  static fromJSON(json: LogisticJson): LogisticClassifier {
    return new LogisticClassifier(json);
  }

  predictProbability(rows: readonly number[][]): number[] {
    const { mean, std, coefficients } = this.state;
    return rows.map((row) => {
      let z = coefficients[coefficients.length - 1];
      for (let j = 0; j < row.length; j++) z += coefficients[j] * ((row[j] - mean[j]) / std[j]);
      return 1 / (1 + Math.exp(-z));
    });
  }

  toJSON(): LogisticJson {
    return this.state;
  }
}

/** Per-column mean and standard deviation (1 for constant columns, so they standardize to 0). */
function standardization(rows: readonly number[][]): { mean: number[]; std: number[] } {
  const n = rows.length;
  const columns = rows[0].length;
  const mean = Array.from({ length: columns }, (_, j) => rows.reduce((a, r) => a + r[j], 0) / n);
  const std = mean.map((m, j) => Math.sqrt(rows.reduce((a, r) => a + (r[j] - m) ** 2, 0) / n) || 1);
  return { mean, std };
}

/** Standardized rows with a trailing 1 for the intercept, row-major. */
function design(rows: readonly number[][], mean: number[], std: number[]): Float64Array {
  const width = mean.length + 1;
  const out = new Float64Array(rows.length * width);
  rows.forEach((r, i) => {
    for (let j = 0; j < mean.length; j++) out[i * width + j] = (r[j] - mean[j]) / std[j];
    out[i * width + mean.length] = 1;
  });
  return out;
}

/**
 * w ← w + learningRate · Xᵀ(y − σ(Xw)), numSteps times from w = 0. Each dot product and each gradient
 * component sums over its terms in the library's order (ml-matrix's mmul: from 0, index ascending),
 * the error is −p + y and the update w + g·rate, as the library computes them.
 */
function gradientAscent(x: Float64Array, n: number, labels: readonly number[], numSteps: number, learningRate: number): number[] {
  const width = x.length / n;
  const weights = new Float64Array(width);
  const error = new Float64Array(n);
  const gradient = new Float64Array(width);
  for (let step = 0; step < numSteps; step++) {
    // Four rows at a time: four independent sums in flight (each still in the library's order).
    let i = 0;
    for (; i + 3 < n; i += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const r0 = i * width, r1 = r0 + width, r2 = r1 + width, r3 = r2 + width;
      for (let k = 0; k < width; k++) {
        const w = weights[k];
        s0 += x[r0 + k] * w;
        s1 += x[r1 + k] * w;
        s2 += x[r2 + k] * w;
        s3 += x[r3 + k] * w;
      }
      error[i] = -(1 / (1 + Math.exp(-s0))) + labels[i];
      error[i + 1] = -(1 / (1 + Math.exp(-s1))) + labels[i + 1];
      error[i + 2] = -(1 / (1 + Math.exp(-s2))) + labels[i + 2];
      error[i + 3] = -(1 / (1 + Math.exp(-s3))) + labels[i + 3];
    }
    for (; i < n; i++) {
      let score = 0;
      const row = i * width;
      for (let k = 0; k < width; k++) score += x[row + k] * weights[k];
      error[i] = -(1 / (1 + Math.exp(-score))) + labels[i];
    }
    gradient.fill(0);
    for (let i = 0; i < n; i++) {
      const row = i * width;
      const e = error[i];
      for (let j = 0; j < width; j++) gradient[j] += x[row + j] * e;
    }
    for (let j = 0; j < width; j++) weights[j] = weights[j] + gradient[j] * learningRate;
  }
  return [...weights];
}

export function checkTrainingSet(rows: readonly number[][], labels: readonly number[]): void {
  if (rows.length === 0) throw new Error('classifier training set is empty');
  if (rows.length !== labels.length) throw new Error(`classifier training set has ${rows.length} rows but ${labels.length} labels`);
  const width = rows[0].length;
  rows.forEach((r, i) => {
    if (r.length !== width) throw new Error(`classifier training row ${i} has ${r.length} features, expected ${width}`);
    if (r.some((v) => !Number.isFinite(v))) throw new Error(`classifier training row ${i} has a non-finite feature`);
  });
  labels.forEach((l, i) => {
    if (l !== 0 && l !== 1) throw new Error(`classifier training label ${i} is ${l}, expected 0 or 1`);
  });
}
