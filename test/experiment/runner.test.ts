import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldCandidates, loadDataset, type Span } from '../../src/corpus/index.ts';
import { evaluate } from '../../src/eval/index.ts';
import { parseExperimentConfig, runExperiment, silentProgress, trainingDocuments } from '../../src/experiment/index.ts';
import { registerIndicator, saveIndicatorArtefact, trainIndicator, type RiskIndicator } from '../../src/indicators/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';

/** An indicator that counts its calls and can be told to die after N documents (a killed run). */
const calls = { fit: 0, score: 0, dieAfter: Infinity };
registerIndicator('test-counting', (): RiskIndicator => ({
  name: 'test-counting',
  fit: async () => {
    calls.fit++;
  },
  score: async (doc, spans) => {
    if (calls.score >= calls.dieAfter) throw new Error('killed');
    calls.score++;
    return spans.map((s) => (s.entityType === 'PERSON' ? 0.9 : 0.1));
  },
  decide: (risks, threshold = 0.5) => risks.map((r) => r >= threshold),
}));

/** MASK exactly the spans of the types in its options: decisions a test can compute by hand. */
registerIndicator('test-types', (options): RiskIndicator => {
  const types = options.types as string[];
  return {
    name: 'test-types',
    fit: async () => undefined,
    score: async (_doc, spans) => spans.map((s) => (types.includes(s.entityType) ? 1 : 0)),
    decide: (risks, threshold = 0.5) => risks.map((r) => r >= threshold),
  };
});

const config = (extra: Record<string, unknown> = {}) =>
  parseExperimentConfig(
    {
      name: 'resume-test',
      dataset: 'sample',
      evaluation: { train: 'train', test: 'test' },
      weighting: 'uniform',
      indicators: [{ id: 'all', indicator: 'mask-everything' }, { id: 'persons', indicator: 'test-counting' }],
      combinations: [{ id: 'both', of: ['all', 'persons'], atLeast: 2 }],
      ...extra,
    },
    'resume-test.yaml',
  );

describe('benchmark runner', () => {
  it('resumes a killed run without re-scoring finished documents, and re-decides from cached scores', async () => {
    const corpus = await loadDataset('sample');
    const cacheDir = await mkdtemp(join(tmpdir(), 'sanitext-run-'));
    const options = { dataRoot: '', cacheDir, progress: silentProgress, configFile: 'resume-test.yaml' };
    calls.dieAfter = 2;
    await expect(runExperiment(config(), corpus, options)).rejects.toThrow('killed');
    expect(calls.score).toBe(2);

    calls.dieAfter = Infinity;
    const first = await runExperiment(config(), corpus, options);
    expect(calls.score).toBe(4); // the 2 remaining test documents only

    const persons = first.rows.find((r) => r.method === 'persons')!;
    const all = first.rows.find((r) => r.method === 'all')!;
    expect(all.R_all).toBeGreaterThan(persons.R_all!);
    expect(first.rows.find((r) => r.method === 'both')!.R_all).toBe(persons.R_all);

    // A new threshold: decisions change, scores come from the checkpoint.
    const stricter = await runExperiment(
      config({ indicators: [{ id: 'all', indicator: 'mask-everything' }, { id: 'persons', indicator: 'test-counting', threshold: 0.05 }] }),
      corpus,
      options,
    );
    expect(calls.score).toBe(4);
    expect(stricter.rows.find((r) => r.method === 'persons')!.R_all).toBe(all.R_all);
  });

  it('reports metrics in the report schema shape with the sample split', async () => {
    const corpus = await loadDataset('sample');
    const cacheDir = await mkdtemp(join(tmpdir(), 'sanitext-run-'));
    const m = await runExperiment(config({ name: 'shape-test' }), corpus, { dataRoot: '', cacheDir, progress: silentProgress, configFile: 'x.yaml' });
    expect(m).toMatchObject({ name: 'shape-test', dataset: 'sample', split: 'test', spanSource: 'gold', documents: 4 });
    expect(m.rows.map((r) => r.method)).toEqual(['all', 'persons', 'both']);
    const all = m.rows[0];
    // The first annotator's spans cover every direct identifier, but not every quasi entity of the
    // second annotator (who drew other boundaries): mask-everything stays just below 1.
    expect(all.R_direct).toBe(1);
    expect(all.R_ent).toBeGreaterThan(0.95);
    expect(all.R_ent).toBeLessThan(1);
    expect(m.notes?.join(' ')).toMatch(/several annotators/);
  });

  it("gives a combination row the at-least-k vote of its members' decisions", async () => {
    const members: Record<string, string[]> = { a: ['PERSON', 'ORG'], b: ['ORG', 'LOC', 'DATETIME'], c: ['PERSON', 'LOC', 'CODE'] };
    const corpus = await loadDataset('sample');
    const cacheDir = await mkdtemp(join(tmpdir(), 'sanitext-run-'));
    const m = await runExperiment(
      config({
        name: 'vote-test',
        indicators: Object.entries(members).map(([id, types]) => ({ id, indicator: 'test-types', options: { types } })),
        combinations: [
          { id: 'two-of-three', of: ['a', 'b', 'c'], atLeast: 2 },
          { id: 'one-of-two', of: ['a', 'b'], atLeast: 1 },
          { id: 'three-of-three', of: ['a', 'b', 'c'], atLeast: 3 },
        ],
      }),
      corpus,
      { dataRoot: '', cacheDir, progress: silentProgress, configFile: 'x.yaml' },
    );
    // By hand: a span is masked when at least k of the named members list its type.
    const test = { ...corpus, documents: corpus.documents.filter((d) => d.split === 'test') };
    const byHand = async (of: string[], k: number) => {
      const system = new Map<string, Span[]>();
      for (const doc of test.documents) {
        const spans = goldCandidates(doc).filter((s) => of.filter((id) => members[id].includes(s.entityType)).length >= k);
        system.set(doc.id, spans.map(({ start, end }) => ({ start, end })));
      }
      return (await evaluate(test, system)).metrics;
    };
    for (const [id, of, k] of [['two-of-three', ['a', 'b', 'c'], 2], ['one-of-two', ['a', 'b'], 1], ['three-of-three', ['a', 'b', 'c'], 3]] as const) {
      const expected = await byHand([...of], k);
      const row = m.rows.find((r) => r.method === id)!;
      expect({ id, P: row.P, R_all: row.R_all, R_ent: row.R_ent, R_quasi: row.R_quasi }).toEqual({
        id,
        P: expected.token_precision,
        R_all: expected.token_recall,
        R_ent: expected.recall_all_entities,
        R_quasi: expected.recall_quasi_entities,
      });
    }
    // The votes differ, so the rows do: the test would catch a vote that ignored k.
    const recalls = new Set(['two-of-three', 'one-of-two', 'three-of-three'].map((id) => m.rows.find((r) => r.method === id)!.R_all));
    expect(recalls.size).toBe(3);
  });

  it('judges detected spans from the pipeline detect stage: the recognizer spans of those layers', async () => {
    const corpus = await loadDataset('sample');
    const cacheDir = await mkdtemp(join(tmpdir(), 'sanitext-run-'));
    const m = await runExperiment(
      config({ name: 'detected-test', spans: { detected: { layers: ['rules', 'gazetteers'] } }, indicators: [{ id: 'all', indicator: 'mask-everything' }], combinations: [] }),
      corpus,
      { dataRoot: '', cacheDir, progress: silentProgress, configFile: 'x.yaml' },
    );
    const { createRecognizer } = await import('../../src/detect/index.ts');
    const recognizer = await createRecognizer({ layers: ['rules', 'gazetteers'] });
    const test = { ...corpus, documents: corpus.documents.filter((d) => d.split === 'test') };
    const system = new Map<string, Span[]>();
    for (const doc of test.documents) system.set(doc.id, (await recognizer.recognize(doc)).map(({ start, end }) => ({ start, end })));
    const expected = (await evaluate(test, system)).metrics;
    expect(m.spanSource).toBe('detected');
    expect(m.spans).toBe([...system.values()].reduce((n, spans) => n + spans.length, 0));
    const all = m.rows[0];
    expect([all.P, all.R_all, all.R_ent]).toEqual([expected.token_precision, expected.token_recall, expected.recall_all_entities]);
  });

  it('decides a row as the pipeline assess stage does: the row of an artefact = sanitize with it on the same spans', async () => {
    const corpus = await loadDataset('sample');
    const dir = await mkdtemp(join(tmpdir(), 'sanitext-run-'));
    const artefact = await trainIndicator({ indicator: 'test-types', options: { types: ['PERSON', 'ORG', 'CODE'] } }, trainingDocuments(corpus.documents.filter((d) => d.split === 'train')), { seed: 13 });
    await saveIndicatorArtefact(join(dir, 'risk.json'), artefact);
    const file = join(dir, 'row.yaml');
    const rowConfig = parseExperimentConfig({ name: 'row-test', dataset: 'sample', evaluation: { train: 'train', test: 'test' }, weighting: 'uniform', indicators: [{ artefact: 'risk.json' }] }, file);
    const m = await runExperiment(rowConfig, corpus, { dataRoot: '', cacheDir: join(dir, 'cache'), progress: silentProgress, configFile: file });
    const pipeline = await createPipeline({ detect: { given: 'gold' }, assess: { artefact: 'risk.json' } }, { baseDir: dir, env: {}, indicatorContext: { dataRoot: '' } });
    const test = { ...corpus, documents: corpus.documents.filter((d) => d.split === 'test') };
    const system = new Map<string, Span[]>();
    let kept = 0;
    for (const doc of test.documents) {
      const result = await pipeline.runOne({ id: doc.id, text: doc.text, source: doc });
      kept += result.kept.length;
      system.set(doc.id, result.decisions.filter((d) => d.mask).map(({ start, end }) => ({ start, end })));
    }
    expect(kept).toBeGreaterThan(0); // the indicator keeps some spans: the comparison is not mask-everything twice
    const expected = (await evaluate(test, system)).metrics;
    const row = m.rows[0];
    expect([row.P, row.R_all, row.R_ent]).toEqual([expected.token_precision, expected.token_recall, expected.recall_all_entities]);
  }, 240_000);

  it('cross-validates when the dataset has no training split', async () => {
    const corpus = await loadDataset('sample');
    const cacheDir = await mkdtemp(join(tmpdir(), 'sanitext-run-'));
    calls.fit = 0;
    const m = await runExperiment(
      config({ name: 'cv-test', evaluation: { crossValidation: { folds: 4 } }, combinations: [] }),
      corpus,
      { dataRoot: '', cacheDir, progress: silentProgress, configFile: 'x.yaml' },
    );
    expect(calls.fit).toBe(4);
    expect(m.documents).toBe(16);
    expect(m.split).toBe('4-fold cross-validation');
  });
});

describe('detected spans with neural options', () => {
  it('judges the spans of the model its options name (here its only layer), not the bundled one', async () => {
    const corpus = await loadDataset('sample');
    const cacheDir = await mkdtemp(join(tmpdir(), 'sanitext-neural-'));
    const run = (neural?: Record<string, unknown>) =>
      runExperiment(
        parseExperimentConfig(
          { name: 'detected-neural', dataset: 'sample', evaluation: { train: 'train', test: 'test' }, weighting: 'uniform', spans: { detected: { layers: ['neural'], conventions: 'none', ...(neural ? { neural } : {}) } }, indicators: [{ indicator: 'mask-everything' }] },
          'detected-neural.yaml',
        ),
        corpus,
        { dataRoot: '', cacheDir, progress: silentProgress, configFile: 'detected-neural.yaml' },
      );
    const bundled = await run();
    const eager = await run({ outsideThreshold: 0.999 });
    expect(bundled.spanSource).toBe('detected');
    // Recall-oriented decoding of the same model: more words in spans, so more (or longer) spans to judge.
    expect(eager.rows[0].R_all!).toBeGreaterThan(bundled.rows[0].R_all!);
    // Checked with the config, before any document is read.
    expect(() => run({ model: './no-such-model' })).toThrow(/detected-neural\.yaml: spans\.detected\.neural\.model: model "\.\/no-such-model" not found/);
  });
});

describe('detection runner', () => {
  it('scores each layer and the full recognizer on the sample, with Table 3 row names', async () => {
    const { runDetectionExperiment, parseAnyExperimentConfig: parse } = await import('../../src/experiment/index.ts');
    const config = parse({ name: 't3', task: 'detection', dataset: 'sample', split: 'test', layers: ['rules', 'gazetteers'] }, 't3.yaml');
    if (config.task !== 'detection') throw new Error('expected a detection config');
    const m = await runDetectionExperiment(config, await loadDataset('sample'), silentProgress);
    const micro = m.rows.find((r) => r.method === 'recognizer:micro-no-label-match')!;
    expect(micro.R_all).toBeGreaterThan(0.5);
    expect(micro.R_ent).toBeNull();
    expect(m.rows.some((r) => r.method === 'gazetteers:DEM')).toBe(true);
    expect(m.documents).toBe(4);
    expect(m.settings).toMatchObject({ conventions: 'tab' });
  });

  it('takes the recognizer’s conventions: none, or a lexicon file relative to the config’s folder', async () => {
    const { runDetectionExperiment, parseAnyExperimentConfig: parse } = await import('../../src/experiment/index.ts');
    const sample = await loadDataset('sample');
    const run = (conventions: string, dir: string): ReturnType<typeof runDetectionExperiment> => {
      const config = parse({ name: 't3', task: 'detection', dataset: 'sample', split: 'test', layers: ['rules', 'gazetteers'], conventions }, 't3.yaml');
      if (config.task !== 'detection') throw new Error('expected a detection config');
      return runDetectionExperiment(config, sample, silentProgress, dir);
    };
    expect((await run('none', '/')).settings).toMatchObject({ conventions: 'none' });
    await expect(run('./no-such-lexicon.json', '/tmp/somewhere')).rejects.toThrow(/\/tmp\/somewhere\/no-such-lexicon\.json.*cannot read/s);
  });

  it('runs the neural layer with the model and decoding its `neural` options name, and records them', async () => {
    const { runDetectionExperiment, parseAnyExperimentConfig: parse } = await import('../../src/experiment/index.ts');
    const sample = await loadDataset('sample');
    const run = async (neural?: Record<string, unknown>) => {
      const config = parse({ name: 't3', task: 'detection', dataset: 'sample', split: 'test', layers: ['neural'], ...(neural ? { neural } : {}) }, 't3.yaml');
      if (config.task !== 'detection') throw new Error('expected a detection config');
      const m = await runDetectionExperiment(config, sample, silentProgress);
      return { settings: m.settings, neural: m.rows.find((r) => r.method === 'neural:micro-no-label-match')! };
    };
    const bundled = await run();
    const oneLayer = await run({ model: 'minibert-tab-ner-1layer', dtype: 'q8' });
    expect(oneLayer.settings).toMatchObject({ layers: ['neural'], neural: { model: 'minibert-tab-ner-1layer', dtype: 'q8' } });
    expect(bundled.settings).not.toHaveProperty('neural');
    // Another model finds other spans: its row is not the bundled model's.
    expect([oneLayer.neural.P, oneLayer.neural.R_all]).not.toEqual([bundled.neural.P, bundled.neural.R_all]);
    // The recall-oriented decoding (P(O) must reach 0.999 for a word to stay outside) marks more words.
    const eager = await run({ outsideThreshold: 0.999 });
    expect(eager.neural.R_all!).toBeGreaterThan(bundled.neural.R_all!);
  });
});
