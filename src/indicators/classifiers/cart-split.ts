/**
 * A faster split search for ml-cart's trees (the random forests' estimators), choosing exactly the
 * split ml-cart would. ml-cart's `bestSplit` builds the two label arrays of every candidate split and
 * counts their classes with an `indexOf` scan, so a node of n rows costs O(n²) per feature and more;
 * 96% of a forest's training time on the TAB spans. Here one sorted pass per feature with running
 * class counts gives the same candidates in the same order, and the Gini gain is computed with the
 * same floating-point operations as ml-cart's `giniGain` (class shares summed as repeated 1/n, the
 * greater side first), so gains, ties and the chosen split are bit-identical (a test trains forests
 * both ways and compares the saved models).
 *
 * ml-random-forest builds its trees internally, so the only way in is ml-cart's TreeNode prototype,
 * reached through a tree trained on two rows. Anything but a two-class Gini tree over labels 0/1
 * still takes ml-cart's own search.
 */
import { DecisionTreeClassifier } from 'ml-cart';

interface SplitMatrix {
  rows: number;
  getRow(index: number): number[];
}

interface TreeNodeLike {
  kind: string;
  gainFunction: string;
  splitFunction: string;
}

interface SplitChoice {
  maxGain: number;
  maxColumn: number | undefined;
  maxValue: number | undefined;
  numberSamples: number | undefined;
}

type BestSplit = (this: TreeNodeLike, xTranspose: SplitMatrix, y: readonly number[]) => SplitChoice;

/** share[k] = 1/m added k times from 0, as ml-cart's toDiscreteDistribution accumulates a class share. */
const shareTables = new Map<number, Float64Array>();
const MAX_CACHED_TABLE = 4096;

function shares(m: number): Float64Array {
  let table = shareTables.get(m);
  if (table) return table;
  table = new Float64Array(m + 1);
  const step = 1 / m;
  for (let k = 1; k <= m; k++) table[k] = table[k - 1] + step;
  if (m <= MAX_CACHED_TABLE) shareTables.set(m, table);
  return table;
}

/** ml-cart's giniImpurity of m labels, `ones` of them 1 (the class count is max label + 1). */
function gini(m: number, ones: number): number {
  if (m === 0) return 0;
  const share = shares(m);
  let sum = 0.0;
  sum += share[m - ones] * share[m - ones];
  if (ones > 0) sum += share[ones] * share[ones];
  return 1 - sum;
}

function fastBestSplit(original: BestSplit): BestSplit {
  return function bestSplit(this: TreeNodeLike, xTranspose: SplitMatrix, y: readonly number[]): SplitChoice {
    if (this.kind !== 'classifier' || this.gainFunction !== 'gini' || this.splitFunction !== 'mean' || !y.every((v) => v === 0 || v === 1)) {
      return original.call(this, xTranspose, y);
    }
    const n = y.length;
    let totalOnes = 0;
    for (const v of y) totalOnes += v;
    const parentImpurity = gini(n, totalOnes);
    let maxGain = -Infinity;
    let maxColumn: number | undefined;
    let maxValue: number | undefined;
    let numberSamples: number | undefined;
    const order = new Array<number>(n);
    for (let column = 0; column < xTranspose.rows; ++column) {
      const x = xTranspose.getRow(column);
      for (let i = 0; i < n; i++) order[i] = i;
      // Stable, with ml-cart's comparator: ties keep row order, so the candidates come in its order.
      order.sort((a, b) => x[a] - x[b]);
      let lesser = 0; // the lesser side (x < value) is a prefix of the sorted rows
      let lesserOnes = 0;
      for (let k = 1; k < n; k++) {
        const before = order[k - 1];
        const after = order[k];
        if (y[before] === y[after]) continue;
        const value = (x[before] + x[after]) / 2; // ml-cart's "mean" split; never decreases along k
        while (lesser < n && x[order[lesser]] < value) lesserOnes += y[order[lesser++]];
        const greater = n - lesser;
        let splitImpurity = 0.0;
        splitImpurity += (gini(greater, totalOnes - lesserOnes) * greater) / n;
        splitImpurity += (gini(lesser, lesserOnes) * lesser) / n;
        const gain = parentImpurity - splitImpurity;
        if (gain > maxGain) {
          maxColumn = column;
          maxValue = value;
          maxGain = gain;
          numberSamples = x.length;
        }
      }
    }
    return { maxGain, maxColumn, maxValue, numberSamples };
  };
}

let prototype: { bestSplit: BestSplit } | undefined;
let mlCartSearch: BestSplit | undefined;

/**
 * Which split search ml-cart's trees use from now on, process-wide: 'fast' (the forests' default,
 * set when forest.ts loads) or 'ml-cart' (its own, for the equivalence test).
 */
export function setCartSplitSearch(search: 'fast' | 'ml-cart'): void {
  if (!prototype) {
    const probe = new DecisionTreeClassifier({});
    probe.train([[0], [1], [2], [3]], [0, 1, 0, 1]);
    prototype = Object.getPrototypeOf((probe as unknown as { root: object }).root) as { bestSplit: BestSplit };
    mlCartSearch = prototype.bestSplit;
  }
  prototype.bestSplit = search === 'fast' ? fastBestSplit(mlCartSearch!) : mlCartSearch!;
}
