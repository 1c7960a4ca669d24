import type { Span } from '../corpus/index.ts';

/**
 * Information content of the units a system masked (precision weights). The masked-LM weighting
 * of the spec implements this interface in src/lm; the scorer only sees this contract.
 */
export interface TokenWeighting {
  /** Short name shown in reports, e.g. "uniform" or "mlm:minibert-en-cased". */
  readonly name: string;
  /** One weight per unit, in order. Units are UTF-16 spans of `text`. */
  weights(text: string, units: readonly Span[], docId: string): Promise<number[]>;
}

export const uniformWeighting: TokenWeighting = {
  name: 'uniform',
  weights: async (_text, units) => units.map(() => 1),
};

/**
 * The same weighting, computed once per (document, units): rows or anonymizations that mask the same
 * units of a document (mask-everything and perturbation at threshold 0; TAE's four manual
 * anonymizations, which differ only in their replacements) need the same weights. Identical calls
 * give identical numbers, so the figures do not move.
 */
export function memoizedWeighting(inner: TokenWeighting): TokenWeighting {
  if (inner === uniformWeighting) return inner;
  const memo = new Map<string, Promise<number[]>>();
  return {
    name: inner.name,
    weights(text, units, docId) {
      const key = `${docId}\u0000${text.length}\u0000${units.map((u) => `${u.start}:${u.end}`).join(',')}`;
      let weights = memo.get(key);
      if (!weights) {
        weights = inner.weights(text, units, docId);
        memo.set(key, weights);
      }
      return weights;
    },
  };
}
