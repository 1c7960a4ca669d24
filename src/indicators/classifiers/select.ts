/** One entry point for the indicators' classifier choice (`classifier` option). */
import { EnsembleClassifier, type EnsembleReport } from './ensemble.ts';
import { ForestClassifier } from './forest.ts';
import { LogisticClassifier } from './logistic.ts';
import type { ProbabilisticClassifier } from './types.ts';

export type ClassifierKind = 'logistic' | 'forest' | 'ensemble';

/** Trains the chosen classifier; the ensemble cross-validates over `groups` (document ids). */
export function trainClassifier(
  kind: ClassifierKind,
  rows: readonly number[][],
  labels: readonly number[],
  groups: readonly string[],
  options: { folds: number; seed: number },
): { model: ProbabilisticClassifier; report?: EnsembleReport } {
  switch (kind) {
    case 'logistic':
      return { model: LogisticClassifier.train(rows, labels) };
    case 'forest':
      return { model: ForestClassifier.train(rows, labels) };
    case 'ensemble':
      return EnsembleClassifier.fit(rows, labels, groups, options);
  }
}
