/** Logistic regression on standardized features (ml-logistic-regression, intercept added here). */
import { Matrix } from 'ml-matrix';
import LogisticRegressionTwoClasses from 'ml-logistic-regression/src/logreg_2classes.js';
import type { LogisticJson, LogisticParams, ProbabilisticClassifier } from './types.ts';

export const DEFAULT_LOGISTIC_PARAMS: LogisticParams = { numSteps: 2000, stepSize: 0.5 };

export class LogisticClassifier implements ProbabilisticClassifier {
  private constructor(private readonly state: LogisticJson) {}

  static train(rows: readonly number[][], labels: readonly number[], params: LogisticParams = DEFAULT_LOGISTIC_PARAMS): LogisticClassifier {
    checkTrainingSet(rows, labels);
    const { mean, std } = standardization(rows);
    const model = new LogisticRegressionTwoClasses({ numSteps: params.numSteps, learningRate: params.stepSize / rows.length });
    model.train(design(rows, mean, std), Matrix.columnVector([...labels]));
    const coefficients = model.weights!.to1DArray();
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

/** Standardized rows with a trailing 1 for the intercept. */
function design(rows: readonly number[][], mean: number[], std: number[]): Matrix {
  return new Matrix(rows.map((r) => [...r.map((v, j) => (v - mean[j]) / std[j]), 1]));
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
