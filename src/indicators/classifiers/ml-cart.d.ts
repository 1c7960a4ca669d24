/** Types for the part of ml-cart used here (the package ships none). */
declare module 'ml-cart' {
  export class DecisionTreeClassifier {
    constructor(options?: { gainFunction?: string; splitFunction?: string; minNumSamples?: number; maxDepth?: number; gainThreshold?: number });
    train(trainingSet: number[][], trainingLabels: number[]): void;
    predict(toPredict: number[][]): number[];
  }
}
