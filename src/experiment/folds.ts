/** Train/test partitions of a corpus: a named split pair, or k folds for cross-validation. */
import { InputError, type Corpus, type Document } from '../corpus/index.ts';
import type { ExperimentConfig } from './config.ts';

export interface Fold {
  /** 0-based fold number (always 0 with a train/test split). */
  index: number;
  train: Document[];
  test: Document[];
}

/** Deterministic shuffle (mulberry32), so folds are the same for the same seed. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function makeFolds(corpus: Corpus, config: Pick<ExperimentConfig, 'evaluation' | 'seed' | 'limitDocuments'>, file: string): Fold[] {
  const inSplit = (split: string): Document[] => {
    const docs = corpus.documents.filter((d) => d.split === split);
    if (docs.length === 0) {
      const splits = [...new Set(corpus.documents.map((d) => d.split ?? '(none)'))].join(', ');
      throw new InputError([{ file, message: `evaluation: dataset ${corpus.name} has no "${split}" documents (splits: ${splits})` }]);
    }
    return docs;
  };
  const limit = <T>(docs: T[]): T[] => (config.limitDocuments ? docs.slice(0, config.limitDocuments) : docs);
  if ('train' in config.evaluation) {
    // The limit applies to training too: `--limit N` is a quick smoke run, not N documents after a full fit.
    return [{ index: 0, train: limit(inSplit(config.evaluation.train)), test: limit(inSplit(config.evaluation.test)) }];
  }
  const { split, folds } = config.evaluation.crossValidation;
  const docs = limit(seededShuffle(split ? inSplit(split) : corpus.documents, config.seed));
  if (docs.length < folds) throw new InputError([{ file, message: `evaluation.crossValidation.folds: ${folds} folds need at least ${folds} documents, found ${docs.length}` }]);
  return Array.from({ length: folds }, (_, index) => ({
    index,
    train: docs.filter((_, i) => i % folds !== index),
    test: docs.filter((_, i) => i % folds === index),
  }));
}
