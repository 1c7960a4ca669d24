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
