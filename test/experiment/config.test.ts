import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/corpus/index.ts';
import { experimentJsonSchema, parseAnyExperimentConfig, parseExperimentConfig } from '../../src/experiment/index.ts';

const base = {
  name: 'demo',
  dataset: 'sample',
  evaluation: { train: 'train', test: 'test' },
  indicators: [{ indicator: 'mask-everything' }, { id: 'llm', indicator: 'llm-probability', options: { classifier: 'logistic' } }],
};

const messages = (raw: unknown): string[] => {
  try {
    parseExperimentConfig(raw, 'demo.yaml');
  } catch (error) {
    return (error as { problems: { file: string; message: string }[] }).problems.map((p) => `${p.file}: ${p.message}`);
  }
  return [];
};

describe('experiment configs', () => {
  it('fills defaults for a minimal config', () => {
    const config = parseExperimentConfig(base, 'demo.yaml');
    expect(config.spans).toBe('gold');
    expect(config.lm).toEqual({ model: 'minibert-en-cased', dtype: 'q8' });
    expect(config.weighting).toBe('mlm');
    expect(config.indicators[0].options).toEqual({});
  });

  it('names the path of a misspelt key', () => {
    expect(messages({ ...base, indicator: [] })).toEqual(['demo.yaml: (top level): Unrecognized key: "indicator"']);
    expect(messages({ ...base, lm: { model: 'x', dtyp: 'q8' } })).toEqual(['demo.yaml: lm: Unrecognized key: "dtyp"']);
  });

  it('says what was expected for a wrong value', () => {
    const [message] = messages({ ...base, lm: { dtype: 'int4' } });
    expect(message).toMatch(/^demo\.yaml: lm\.dtype: Invalid option: expected one of "fp32"\|"q8"/);
    expect(messages({ ...base, indicators: [{ indicator: 'mask-everything', threshold: 'high' }] })).toEqual([
      'demo.yaml: indicators.0.threshold: Invalid input: expected number, received string',
    ]);
  });

  it('checks that combinations and figures name existing rows, and ids are unique', () => {
    expect(messages({ ...base, combinations: [{ of: ['llm', 'lm'], atLeast: 1 }] })).toEqual([
      'demo.yaml: combinations.0.of.1: no indicator row "lm" (rows: mask-everything, llm)',
    ]);
    expect(messages({ ...base, combinations: [{ of: ['llm', 'mask-everything'], atLeast: 3 }] })[0]).toMatch(/atLeast: 3 is more than the 2/);
    expect(messages({ ...base, indicators: [...base.indicators, { indicator: 'mask-everything' }] })[0]).toMatch(/indicators\.2\.id: "mask-everything" is used twice/);
  });

  it('rejects a misspelt indicator option with its path, before any work (issue 11, item 9)', () => {
    const rows = [{ indicator: 'mask-everything' }, { indicator: 'mask-everything', id: 'm2' }, { id: 'llm', indicator: 'llm-probability', options: { clasifier: 'logistic' } }];
    expect(messages({ ...base, indicators: rows })).toEqual(['demo.yaml: indicators.2.options.clasifier: unrecognized key']);
    expect(messages({ ...base, indicators: [{ indicator: 'llm-probability', options: { classifier: 'logistc' } }] })[0]).toMatch(/^demo\.yaml: indicators\.0\.options\.classifier: /);
    for (const [indicator, options] of [
      ['mask-everything', { threshold: 0.5 }],
      ['perturbation', { gridsize: 10 }],
      ['span-classification', { vector: 'both' }],
      ['sequence-labelling', { mach: 'full' }],
      ['web-search', { variant: 'hit-count', backend: { kind: 'bm25', datasets: ['sample'] }, lowerbound: 3 }],
    ] as const) {
      const [message] = messages({ ...base, indicators: [{ indicator, options }] });
      expect(message, indicator).toBe(`demo.yaml: indicators.0.options.${Object.keys(options).at(-1)}: unrecognized key`);
    }
    expect(messages({ ...base, indicators: [{ indicator: 'web-search', options: { backend: { kind: 'bm25', dataset: ['sample'] } } }] }).join('\n')).toMatch(/indicators\.0\.options\.backend/);
    const combination = { indicator: 'combination', options: { members: [{ name: 'mask-everything' }, { name: 'llm-probability', options: { clasifier: 'logistic' } }], k: 1 } };
    expect(messages({ ...base, indicators: [combination] })).toEqual(['demo.yaml: indicators.0.options.members.1.options.clasifier: unrecognized key']);
  });

  it('rejects an unknown indicator name when the config is validated', () => {
    const [message] = messages({ ...base, indicators: [{ indicator: 'llm-probabilty' }] });
    expect(message).toMatch(/^demo\.yaml: indicators\.0\.indicator: unknown risk indicator "llm-probabilty" \(known: .*llm-probability/);
  });

  it('accepts every config shipped in experiments/', () => {
    // eval-*.yaml are `sanitext evaluate --config` files (src/eval), not benchmark configs.
    const files = readdirSync(join(REPO_ROOT, 'experiments')).filter((f) => f.endsWith('.yaml') && !f.startsWith('eval-'));
    expect(files).toContain('quickstart.yaml');
    for (const file of files) {
      const raw = parseYaml(readFileSync(join(REPO_ROOT, 'experiments', file), 'utf8'));
      expect(() => parseAnyExperimentConfig(raw, file)).not.toThrow();
    }
  });

  it('keeps experiments/schema.json in sync with the schema', () => {
    const committed = JSON.parse(readFileSync(join(REPO_ROOT, 'experiments', 'schema.json'), 'utf8'));
    expect(committed).toEqual(experimentJsonSchema());
  });
});

describe('neural options of detection experiments and detected spans', () => {
  it('are checked as a pipeline\'s: unknown keys and missing models named by path, the neural layer required', () => {
    const detection = (extra: Record<string, unknown>) => () => parseAnyExperimentConfig({ name: 't3', task: 'detection', dataset: 'sample', ...extra }, 't3.yaml');
    expect(detection({ neural: { model: 'minibert-tab-ner-1layer', outsideThreshold: 0.9 } })).not.toThrow();
    expect(detection({ neural: { modle: 'x' } })).toThrow(/t3\.yaml: neural: Unrecognized key: "modle"/);
    expect(detection({ neural: { model: './no-such-model' } })).toThrow(/t3\.yaml: neural\.model: .*no-such-model/);
    expect(detection({ layers: ['rules'], neural: { dtype: 'q8' } })).toThrow(/t3\.yaml: neural: options for the neural layer, but the layers \(rules\) leave it out/);
    const risk = (detected: Record<string, unknown>) => () =>
      parseExperimentConfig({ name: 'r', dataset: 'sample', evaluation: { train: 'train', test: 'test' }, spans: { detected }, indicators: [{ indicator: 'mask-everything' }] }, 'r.yaml');
    expect(risk({ neural: { model: 'minibert-tab-ner-1layer' } })).not.toThrow();
    expect(risk({ neural: { model: './no-such-model' } })).toThrow(/r\.yaml: spans\.detected\.neural\.model: .*no-such-model/);
    expect(risk({ layers: ['rules'], neural: { outsideThreshold: 0.9 } })).toThrow(/r\.yaml: spans\.detected\.neural: options for the neural layer/);
  });
});

describe('detection experiment configs', () => {
  it('are chosen by task: detection and validated strictly', () => {
    const config = parseAnyExperimentConfig({ name: 't3', task: 'detection', dataset: 'sample', split: 'test' }, 't3.yaml');
    expect(config.task).toBe('detection');
    expect(() => parseAnyExperimentConfig({ name: 't3', task: 'detection', dataset: 'sample', indicators: [] }, 't3.yaml')).toThrow(
      /t3\.yaml: \(top level\): Unrecognized key: "indicators"/,
    );
  });
});
