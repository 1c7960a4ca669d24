/**
 * `evaluation.alsoTrainOn` (issue 13 item 3: the indicators trained on all 174 TAB documents with
 * identifier types): extra documents join the train split, a shared document keeps the copy with more
 * annotators, and nothing from the test split (or without the train split's gold kind) can get in.
 */
import { describe, expect, it } from 'vitest';
import { InputError, loadDataset, type Document } from '../../src/corpus/index.ts';
import { ExperimentConfigSchema, makeFolds, withExtraTraining } from '../../src/experiment/index.ts';

const dataDir = process.env.SANITEXT_DATA_DIR;

function copyOf(doc: Document, changes: Partial<Document>): Document {
  return { ...doc, ...changes };
}

describe('withExtraTraining', async () => {
  const sample = await loadDataset('sample');
  const train = sample.documents.filter((d) => d.split === 'train');
  const test = sample.documents.filter((d) => d.split === 'test');

  it('adds new documents and keeps the copy of a shared one with more annotators', () => {
    const [first] = train;
    const twoAnnotators = copyOf(first, { annotations: [...first.annotations, { ...first.annotations[0], annotator: 'second' }] });
    const fresh = copyOf(first, { id: 'extra-1' });
    const merged = withExtraTraining(train, test, [twoAnnotators, fresh], 'x.yaml');
    expect(merged).toHaveLength(train.length + 1);
    expect(merged.find((d) => d.id === first.id)?.annotations).toHaveLength(first.annotations.length + 1);
    expect(merged.some((d) => d.id === 'extra-1')).toBe(true);
    // A copy with no more annotators leaves the train split's document in place.
    const same = withExtraTraining(train, test, [copyOf(first, { text: 'another text' })], 'x.yaml');
    expect(same.find((d) => d.id === first.id)?.text).toBe(first.text);
  });

  it('refuses a test document, naming its id and not its text', () => {
    const leak = () => withExtraTraining(train, test, [test[0]], 'x.yaml');
    expect(leak).toThrow(InputError);
    expect(leak).toThrow(new RegExp(`alsoTrainOn: document ${test[0].id} is in the test split`));
    expect(leak).not.toThrow(test[0].text.slice(0, 30));
  });

  it('refuses documents without the train split gold kind', () => {
    const masked = copyOf(train[0], { id: 'masked-1', goldKind: 'masked-spans' });
    expect(() => withExtraTraining(train, test, [masked], 'x.yaml')).toThrow(/masked-1 has masked-spans gold, the train split tab/);
  });

  it('is part of the strict config schema (a misspelt key is an error)', () => {
    const base = { name: 'x', dataset: 'sample', indicators: [{ indicator: 'mask-everything' }] };
    expect(ExperimentConfigSchema.safeParse({ ...base, evaluation: { train: 'train', test: 'test', alsoTrainOn: ['sample'] } }).success).toBe(true);
    expect(ExperimentConfigSchema.safeParse({ ...base, evaluation: { train: 'train', test: 'test', alsoTrainOnn: ['sample'] } }).success).toBe(false);
  });
});

describe.skipIf(!dataDir)('table5-tab training set with tab-train-full', () => {
  it('tab144 train + tab-train-full: 174 documents, the 21 multi-annotator ones with all their annotators, no test document', async () => {
    const tab144 = await loadDataset('tab144', dataDir);
    const full = await loadDataset('tab-train-full', dataDir);
    const [fold] = makeFolds(tab144, { evaluation: { train: 'train', test: 'test', alsoTrainOn: ['tab-train-full'] }, seed: 13 }, 'x.yaml', full.documents);
    expect(fold.train).toHaveLength(174);
    expect(fold.train.filter((d) => d.annotations.length > 1)).toHaveLength(21);
    const testIds = new Set(fold.test.map((d) => d.id));
    expect(fold.train.some((d) => testIds.has(d.id))).toBe(false);
  });
});
