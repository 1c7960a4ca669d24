import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, REPO_ROOT } from '../../src/corpus/index.ts';
import { parseExperimentConfig } from '../../src/experiment/index.ts';

const FILE = join(REPO_ROOT, 'experiments', 'check.yaml');
const base = { name: 'check', dataset: 'sample', evaluation: { train: 'train', test: 'test' }, indicators: [{ indicator: 'mask-everything' }] };

function problem(raw: unknown): string {
  try {
    parseExperimentConfig(raw, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('models named in experiment configs are checked when the config is validated (issue 11, item 9)', () => {
  it('rejects a missing lm folder with the field, the model and where it looked — before any work', () => {
    const started = performance.now();
    expect(problem({ ...base, lm: { model: '/missing/minibert' } })).toMatch(/check\.yaml: lm\.model: model "\/missing\/minibert" not found: .*no folder at \/missing\/minibert/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('resolves a relative folder against the config file, not the working directory', () => {
    expect(() => parseExperimentConfig({ ...base, lm: { model: '../models/minibert-en-cased' } }, FILE)).not.toThrow();
    // Relative to experiments/, models/minibert-en-cased is not there (the bundled name is what works anywhere).
    expect(problem({ ...base, lm: { model: './models/minibert-en-cased' } })).toMatch(/lm\.model: .*no folder at .*experiments\/models\/minibert-en-cased.*the bundled one is named "minibert-en-cased"|lm\.model: .*the bundled one is named "minibert-en-cased".*no folder at .*experiments\/models\/minibert-en-cased/);
  });

  it('checks the dtype against the weights the folder ships', () => {
    expect(problem({ ...base, lm: { model: 'minibert-en-cased-encoder', dtype: 'fp32' } })).toMatch(/lm\.model: .*dtype fp32 needs .*model\.onnx, which is missing/);
  });

  it('checks model options of indicator rows', () => {
    const rows = [
      { indicator: 'sequence-labelling', options: { model: 'minibert-tab-mask' } },
      { indicator: 'span-classification', options: { encoderModel: './no-encoder' } },
    ];
    expect(problem({ ...base, indicators: rows })).toMatch(/indicators\.1\.options\.encoderModel: model "\.\/no-encoder" not found/);
  });

  it('accepts bundled names', () => {
    const config = parseExperimentConfig({ ...base, lm: { model: 'minibert-en-cased', dtype: 'q8' } }, FILE);
    expect(config.lm.model).toBe('minibert-en-cased');
  });
});
