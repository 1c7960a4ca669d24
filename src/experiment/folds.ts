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

/**
 * The train split with the documents of `evaluation.alsoTrainOn` (already loaded, `extra`) joined: a
 * document id in both keeps the copy with more annotators (every annotator counts in training); an
 * extra document that is a test document, or lacks the train split's gold kind, is an error.
 */
export function withExtraTraining(train: readonly Document[], test: readonly Document[], extra: readonly Document[], file: string): Document[] {
  const testIds = new Set(test.map((d) => d.id));
  const kinds = new Set(train.map((d) => d.goldKind));
  const byId = new Map(train.map((d) => [d.id, d] as const));
  for (const doc of extra) {
    if (testIds.has(doc.id)) throw new InputError([{ file, message: `evaluation.alsoTrainOn: document ${doc.id} is in the test split` }]);
    if (!kinds.has(doc.goldKind)) throw new InputError([{ file, message: `evaluation.alsoTrainOn: document ${doc.id} has ${doc.goldKind} gold, the train split ${[...kinds].join('/')}` }]);
    const known = byId.get(doc.id);
    if (!known || doc.annotations.length > known.annotations.length) byId.set(doc.id, doc);
  }
  return [...byId.values()];
}

export function makeFolds(corpus: Corpus, config: Pick<ExperimentConfig, 'evaluation' | 'seed' | 'limitDocuments'>, file: string, extraTraining: readonly Document[] = []): Fold[] {
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
    const test = inSplit(config.evaluation.test);
    return [{ index: 0, train: limit(withExtraTraining(inSplit(config.evaluation.train), test, extraTraining, file)), test: limit(test) }];
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
