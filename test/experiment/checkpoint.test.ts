/** Checkpoints are keyed on content, not ids (issue 11, item 7), and survive torn writes. */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

  it('re-scores when a default option or a default model changes (keys hold the effective options and every model loaded)', async () => {
    // An indicator whose options as written stay {} while its default and its default model change.
    const defaults = { level: 1, model: join(scratch, 'default-model') };
    mkdirSync(defaults.model, { recursive: true });
    writeFileSync(join(defaults.model, 'config.json'), '{}');
    const scoredHere: string[] = [];
    registerIndicator('test-default-option', (): RiskIndicator => {
      const level = defaults.level;
      return {
        name: 'test-default-option',
        fit: async () => {},
        score: async (doc, spans) => (scoredHere.push(doc.id), spans.map(() => level / 10)),
        decide: (risks, threshold = 0.5) => risks.map((r) => r >= threshold),
        effectiveOptions: () => ({ level }),
        modelReferences: () => [{ model: defaults.model, dtype: 'fp32' }],
      };
    });
    const withDefaults = parseExperimentConfig({ ...config, indicators: [{ id: 'defaults', indicator: 'test-default-option' }] }, 'digest-test.yaml');
    const corpus = await loadDataset('sample');
    const testCount = corpus.documents.filter((d) => d.split === 'test').length;
    const options = { dataRoot: '', cacheDir: join(scratch, 'd'), progress: silentProgress, configFile: 'digest-test.yaml' };
    await runExperiment(withDefaults, corpus, options);
    expect(scoredHere.splice(0)).toHaveLength(testCount);
    await runExperiment(withDefaults, corpus, options);
    expect(scoredHere.splice(0)).toEqual([]); // nothing changed: all from the checkpoint
    defaults.level = 9;
    await runExperiment(withDefaults, corpus, options);
    expect(scoredHere.splice(0)).toHaveLength(testCount);
    writeFileSync(join(defaults.model, 'config.json'), '{"retrained": true}');
    await runExperiment(withDefaults, corpus, options);
    expect(scoredHere.splice(0)).toHaveLength(testCount);
  });

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

/** Fitting learns a threshold from the training spans (so decisions need the fitted state). */
let fits = 0;
registerIndicator('test-fitted-threshold', (): RiskIndicator => {
  let threshold = 0;
  return {
    name: 'test-fitted-threshold',
    fit: async (train) => {
      fits++;
      const lengths = train.flatMap(({ spans }) => spans.map((s) => s.end - s.start)).sort((a, b) => a - b);
      threshold = lengths[Math.floor(lengths.length / 2)];
    },
    score: async (_doc, spans) => spans.map((s) => s.end - s.start),
    decide: (risks, given = threshold) => risks.map((r) => r >= given),
    toJSON: () => ({ threshold }),
    restoreState: (state) => {
      threshold = (state as { threshold: number }).threshold;
    },
  };
});

describe('fitted indicators in the benchmark cache', () => {
  const fittedConfig = (name: string) =>
    parseExperimentConfig(
      { name, dataset: 'sample', evaluation: { train: 'train', test: 'test' }, weighting: 'uniform', indicators: [{ id: 'median-length', indicator: 'test-fitted-threshold' }] },
      `${name}.yaml`,
    );

  it('restores a fitted fold instead of fitting again, also for another config sharing the row, with the same rows', async () => {
    const corpus = await loadDataset('sample');
    const options = { dataRoot: '', cacheDir: join(scratch, 'fitted'), progress: silentProgress, configFile: 'first.yaml' };
    fits = 0;
    const first = await runExperiment(fittedConfig('first'), corpus, options);
    expect(fits).toBe(1);
    const again = await runExperiment(fittedConfig('second'), corpus, { ...options, configFile: 'second.yaml' });
    expect(fits).toBe(1); // restored: the threshold came from the saved state
    expect(again.rows).toEqual(first.rows); // seconds included: the fit's time is the recorded one
    // Without the score checkpoints, the restored threshold still decides as the fitted one did.
    for (const file of readdirSync(join(scratch, 'fitted', 'benchmark'))) if (file.endsWith('.jsonl')) rmSync(join(scratch, 'fitted', 'benchmark', file));
    const rescored = await runExperiment(fittedConfig('first'), corpus, options);
    expect(fits).toBe(1);
    const withoutSeconds = (rows: typeof first.rows) => rows.map(({ seconds: _seconds, ...rest }) => rest);
    expect(withoutSeconds(rescored.rows)).toEqual(withoutSeconds(first.rows));
    await runExperiment(fittedConfig('first'), corpus, { ...options, fresh: true });
    expect(fits).toBe(2); // --fresh fits again
  });

  it('restores the fold for a config judging other spans (Table 6 after Table 5), which scores its own spans', async () => {
    const corpus = await loadDataset('sample');
    const options = { dataRoot: '', cacheDir: join(scratch, 'fitted-detected'), progress: silentProgress, configFile: 'gold.yaml' };
    fits = 0;
    const gold = await runExperiment(fittedConfig('gold'), corpus, options);
    const detectedConfig = parseExperimentConfig(
      { ...fittedConfig('detected'), spans: { detected: { layers: ['rules'] } } },
      'detected.yaml',
    );
    const detected = await runExperiment(detectedConfig, corpus, { ...options, configFile: 'detected.yaml' });
    expect(fits).toBe(1); // the same training documents and settings: restored
    expect(detected.spanSource).toBe('detected');
    expect(detected.spans).not.toBe(gold.spans); // scored on its own spans, not Table 5's checkpoints
    // A different training set is a different fit.
    await runExperiment(parseExperimentConfig({ ...fittedConfig('gold'), limitDocuments: 1 }, 'gold.yaml'), corpus, options);
    expect(fits).toBe(2);
  });

  it('fits again when the saved state is damaged', async () => {
    const corpus = await loadDataset('sample');
    const cacheDir = join(scratch, 'damaged');
    const options = { dataRoot: '', cacheDir, progress: silentProgress, configFile: 'first.yaml' };
    fits = 0;
    const first = await runExperiment(fittedConfig('first'), corpus, options);
    const saved = readdirSync(join(cacheDir, 'benchmark', 'fitted'));
    expect(saved).toHaveLength(1);
    writeFileSync(join(cacheDir, 'benchmark', 'fitted', saved[0]), '{"fitSeconds": 1, "sta');
    const again = await runExperiment(fittedConfig('first'), corpus, options);
    expect(fits).toBe(2);
    const withoutSeconds = (rows: typeof first.rows) => rows.map(({ seconds: _seconds, ...rest }) => rest);
    expect(withoutSeconds(again.rows)).toEqual(withoutSeconds(first.rows));
  });

  it('restores a real trained indicator (llm-probability, logistic) that scores as the fitted one', async () => {
    const corpus = await loadDataset('sample');
    const config = parseExperimentConfig(
      {
        name: 'fitted-real',
        dataset: 'sample',
        evaluation: { train: 'train', test: 'test' },
        weighting: 'uniform',
        lm: { model: 'minibert-en-cased', dtype: 'q8', windowLength: 64 },
        indicators: [{ id: 'llm', indicator: 'llm-probability', options: { classifier: 'logistic' }, trainDocuments: 2 }],
      },
      'fitted-real.yaml',
    );
    const cacheDir = join(scratch, 'real');
    const options = { dataRoot: '', cacheDir, progress: silentProgress, configFile: 'fitted-real.yaml' };
    const fitted = await runExperiment(config, corpus, options);
    const dir = join(cacheDir, 'benchmark');
    expect(readdirSync(join(dir, 'fitted'))).toHaveLength(1);
    for (const file of readdirSync(dir)) if (file.endsWith('.jsonl')) rmSync(join(dir, file));
    const restored = await runExperiment(config, corpus, options);
    const withoutSeconds = (rows: typeof fitted.rows) => rows.map(({ seconds: _seconds, ...rest }) => rest);
    expect(withoutSeconds(restored.rows)).toEqual(withoutSeconds(fitted.rows));
  }, 120_000);
});
