/** Types for the two-class model of ml-logistic-regression (the package ships none); the reference the fast logistic regression is tested against. */
declare module 'ml-logistic-regression/src/logreg_2classes.js' {
  import type { Matrix } from 'ml-matrix';
  export default class LogisticRegressionTwoClasses {
    constructor(options?: { numSteps?: number; learningRate?: number; weights?: number[][] | Matrix | null });
    weights: Matrix | null;
    /** Batch gradient ascent on the log-likelihood; `target` is a column of 0/1. No intercept term. */
    train(features: Matrix, target: Matrix): void;
    /** P(class 1) per row. */
    testScores(features: Matrix): number[];
  }
}
