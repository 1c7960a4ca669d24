import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/corpus/index.ts';
import { parseExperimentConfig, runExperiment, silentProgress } from '../../src/experiment/index.ts';
import { registerIndicator, type RiskIndicator } from '../../src/indicators/index.ts';

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
  });
});
