import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, loadDataset } from '../../src/corpus/index.ts';
import { parseExperimentConfig, runExperiment, silentProgress, trainingDocuments } from '../../src/experiment/index.ts';
import { saveIndicatorArtefact, trainIndicator } from '../../src/indicators/index.ts';

const scratch = mkdtempSync(join(tmpdir(), 'sanitext-artefact-rows-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const WEB = { variant: 'hit-count', backend: { kind: 'bm25', datasets: ['sample'] }, tuneThreshold: true };

describe('benchmark rows that load an artefact', () => {
  it('give the metrics of the same indicator trained by the run', async () => {
    const sample = await loadDataset('sample');
    const train = sample.documents.filter((d) => d.split === 'train');
    const artefact = await trainIndicator({ indicator: 'web-search', options: WEB }, trainingDocuments(train), { seed: 13 });
    await saveIndicatorArtefact(join(scratch, 'web-risk.json'), artefact);
    const file = join(scratch, 'rows.yaml');
    const config = parseExperimentConfig(
      {
        name: 'artefact-rows',
        dataset: 'sample',
        evaluation: { train: 'train', test: 'test' },
        weighting: 'uniform',
        indicators: [
          { id: 'trained', indicator: 'web-search', options: WEB },
          { artefact: 'web-risk.json' },
        ],
      },
      file,
    );
    const metrics = await runExperiment(config, sample, { dataRoot: '', cacheDir: join(scratch, 'cache'), progress: silentProgress, configFile: file });
    const [trained, loaded] = metrics.rows;
    expect(loaded.method).toBe('web-risk');
    expect({ ...loaded, method: '', group: '', seconds: 0 }).toEqual({ ...trained, method: '', group: '', seconds: 0 });
  }, 240_000);

  it('are checked when the config is validated: one of indicator / artefact, the file present, no options', () => {
    const base = { name: 'x', dataset: 'sample', evaluation: { train: 'train', test: 'test' } };
    const problem = (indicators: unknown[]): string => {
      try {
        parseExperimentConfig({ ...base, indicators }, join(scratch, 'x.yaml'));
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(problem([{ artefact: 'absent.json' }])).toMatch(/x\.yaml: indicators\.0\.artefact: no file at .*absent\.json/);
    expect(problem([{ id: 'r' }])).toMatch(/indicators\.0\.indicator: give either indicator .* or artefact/);
    expect(problem([{ indicator: 'mask-everything', artefact: 'a.json' }])).toMatch(/indicators\.0\.indicator: give either/);
    expect(problem([{ artefact: 'a.json', options: { k: 1 } }])).toMatch(/indicators\.0\.artefact: an artefact row takes no options/);
  });
});
