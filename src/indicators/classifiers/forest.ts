/** Random forest (ml-random-forest), seeded; P(MASK) = share of trees voting MASK. */
import { RandomForestClassifier } from 'ml-random-forest';
import { setCartSplitSearch } from './cart-split.ts';
import { checkTrainingSet } from './logistic.ts';
import type { ForestJson, ForestParams, ProbabilisticClassifier } from './types.ts';

export const DEFAULT_FOREST_PARAMS: ForestParams = { nEstimators: 100, maxFeatures: 0.6, maxDepth: 10, minNumSamples: 3, seed: 42 };

/**
 * Rows each tree is grown on (sub-sampled bagging, like scikit-learn's `max_samples`). ml-cart
 * evaluates every label change of every feature at every node, which is quadratic in the rows: on
 * the ~4,400 TAB training spans one forest took over 15 minutes; 400 rows per tree take seconds.
 */
export const MAX_ROWS_PER_TREE = 400;

// ml-cart's trees, with a split search that picks the same splits in O(n log n) per feature.
setCartSplitSearch('fast');

type ForestModel = Parameters<typeof RandomForestClassifier.load>[0];

export class ForestClassifier implements ProbabilisticClassifier {
  private constructor(
    private readonly params: ForestParams,
    private readonly forest: RandomForestClassifier,
  ) {}

  static train(rows: readonly number[][], labels: readonly number[], params: ForestParams = DEFAULT_FOREST_PARAMS): ForestClassifier {
    checkTrainingSet(rows, labels);
    const forest = new RandomForestClassifier({
      nEstimators: params.nEstimators,
      maxFeatures: params.maxFeatures,
      seed: params.seed,
      replacement: false,
      useSampleBagging: true,
      ...(rows.length > MAX_ROWS_PER_TREE ? { maxSamples: MAX_ROWS_PER_TREE } : {}),
      noOOB: true,
      treeOptions: { maxDepth: params.maxDepth, minNumSamples: params.minNumSamples },
    });
    forest.train(rows.map((r) => [...r]), [...labels]);
    return new ForestClassifier(params, forest);
  }

  static fromJSON(json: ForestJson): ForestClassifier {
    return new ForestClassifier(json.params, RandomForestClassifier.load(json.model as ForestModel));
  }

  predictProbability(rows: readonly number[][]): number[] {
    return this.forest.predictProbability(rows.map((r) => [...r]), 1);
  }

  toJSON(): ForestJson {
    // Round-trip through JSON so that the saved state is plain data (trees hold class instances).
    return { kind: 'forest', params: this.params, model: JSON.parse(JSON.stringify(this.forest.toJSON())) };
  }
}
