/** Checkpoints are keyed on content, not ids (issue 11, item 7), and survive torn writes. */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset, REPO_ROOT, type Corpus } from '../../src/corpus/index.ts';
import { parseExperimentConfig, runExperiment, ScoreCheckpoint, silentProgress } from '../../src/experiment/index.ts';
import { registerIndicator, type RiskIndicator } from '../../src/indicators/index.ts';

/** Scores depend on the text: a span is risky when its text starts with an upper-case letter. */
const scored: string[] = [];
registerIndicator('test-text-dependent', (): RiskIndicator => ({
  name: 'test-text-dependent',
  fit: async () => {},
  score: async (doc, spans) => {
    scored.push(doc.id);
    return spans.map((s) => (/^\p{Lu}/u.test(doc.text.slice(s.start, s.end)) ? 0.9 : 0.1));
  },
  decide: (risks, threshold = 0.5) => risks.map((r) => r >= threshold),
}));

const config = parseExperimentConfig(
  {
    name: 'digest-test',
    dataset: 'sample',
    evaluation: { train: 'train', test: 'test' },
    weighting: 'uniform',
    indicators: [{ id: 'upper', indicator: 'test-text-dependent' }],
  },
  'digest-test.yaml',
);

const scratch = mkdtempSync(join(tmpdir(), 'sanitext-checkpoint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The sample with one test document's text changed (same length and spans: only the content differs). */
function withChangedText(corpus: Corpus, docId: string): Corpus {
  return {
    ...corpus,
    documents: corpus.documents.map((d) => (d.id === docId ? { ...d, text: d.text.toLowerCase() } : d)),
  };
}

describe('benchmark checkpoints', () => {
  it('re-scores a document whose text changed under the same id, and matches a fresh run', async () => {
    const corpus = await loadDataset('sample');
    const options = { dataRoot: '', cacheDir: join(scratch, 'a'), progress: silentProgress, configFile: 'digest-test.yaml' };
    await runExperiment(config, corpus, options);
    const testIds = corpus.documents.filter((d) => d.split === 'test').map((d) => d.id);
    expect(scored.splice(0)).toEqual(testIds);

    const changed = withChangedText(corpus, testIds[0]);
    const resumed = await runExperiment(config, changed, options);
    expect(scored.splice(0)).toEqual([testIds[0]]); // only the changed document
    const fresh = await runExperiment(config, changed, { ...options, fresh: true });
    scored.splice(0);
    const scores = (rows: typeof fresh.rows) => rows.map(({ seconds: _seconds, ...rest }) => rest);
    expect(scores(resumed.rows)).toEqual(scores(fresh.rows));
  });

  it('re-scores everything when a training document changes (the fitted indicator may differ)', async () => {
    const corpus = await loadDataset('sample');
    const options = { dataRoot: '', cacheDir: join(scratch, 'b'), progress: silentProgress, configFile: 'digest-test.yaml' };
    await runExperiment(config, corpus, options);
    scored.splice(0);
    const trainId = corpus.documents.find((d) => d.split === 'train')!.id;
    await runExperiment(config, withChangedText(corpus, trainId), options);
    expect(scored.splice(0)).toHaveLength(corpus.documents.filter((d) => d.split === 'test').length);
  });

  it('re-scores when the files of the model folder change (a retrained model under the same name)', async () => {
    const corpus = await loadDataset('sample');
    // A copy of the bundled masked LM (int8 weights only) that the test can "retrain".
    const model = join(scratch, 'model');
    const bundled = join(REPO_ROOT, 'models', 'minibert-en-cased');
    mkdirSync(join(model, 'onnx'), { recursive: true });
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) cpSync(join(bundled, file), join(model, file));
    cpSync(join(bundled, 'onnx', 'model_quantized.onnx'), join(model, 'onnx', 'model_quantized.onnx'));
    const withModel = parseExperimentConfig({ ...config, lm: { model, dtype: 'q8' } }, join(scratch, 'digest-test.yaml'));
    const options = { dataRoot: '', cacheDir: join(scratch, 'm'), progress: silentProgress, configFile: join(scratch, 'digest-test.yaml') };
    await runExperiment(withModel, corpus, options);
    scored.splice(0);
    await runExperiment(withModel, corpus, options);
    expect(scored.splice(0)).toEqual([]); // unchanged model: all from the checkpoint
    appendFileSync(join(model, 'config.json'), '\n');
    await runExperiment(withModel, corpus, options);
    expect(scored.splice(0)).toHaveLength(corpus.documents.filter((d) => d.split === 'test').length);
  }, 120_000);

  it('keeps lines appended after a torn write readable', () => {
    const dir = join(scratch, 'c');
    const checkpoint = new ScoreCheckpoint(dir, 'row');
    checkpoint.append({ docId: 'a', digest: 'x', scores: [1], seconds: 0 });
    appendFileSync(join(dir, 'row.jsonl'), '{"docId":"b","dig'); // killed mid-write
    const resumed = new ScoreCheckpoint(dir, 'row');
    expect([...resumed.load().keys()]).toEqual(['a']);
    resumed.append({ docId: 'c', digest: 'y', scores: [0], seconds: 0 });
    expect([...new ScoreCheckpoint(dir, 'row').load().keys()]).toEqual(['a', 'c']);
    expect(readdirSync(dir)).toEqual(['row.jsonl']);
  });
});
