import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/corpus/index.ts';
import { metricsJsonSchema, parseMetricsFile, validateMetrics } from '../../src/report/index.ts';
import { fixture, minimalRun } from './fixtures.ts';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems.map((p) => `${p.file}: ${p.message}`);
  }
  throw new Error('expected an InputError');
}

describe('metrics.json schema', () => {
  it('accepts the fixtures and keeps every field', () => {
    const m = fixture('wikipedia-gold');
    expect(m.rows).toHaveLength(9);
    expect(m.published).toEqual({ table: 'Table 5', dataset: 'wikipedia' });
    expect(m.figures?.logprobByDecision?.mask).toHaveLength(150);
    expect(m.settings).toMatchObject({ seed: 42, models: { lm: 'bert-large-cased' } });
    expect(fixture('tab-detected').notes).toEqual(['3 documents had no detected spans']);
  });

  it('names the file and the path of a score out of range', () => {
    const bad = minimalRun();
    bad.rows = [...bad.rows, { ...bad.rows[0], method: 'x', R_direct: 1.3 }];
    expect(problemsOf(() => validateMetrics(bad, 'results/x/metrics.json'))).toEqual([
      'results/x/metrics.json: rows[1].R_direct: Too big: expected number to be <=1 (got 1.3)',
    ]);
  });

  it('reports every bad field, with nested paths into figures', () => {
    const bad = {
      ...minimalRun(),
      spanSource: 'silver',
      figures: { trainingSize: [{ method: 'm', points: [{ size: 0.1, F1: 'high' }] }] },
    };
    const problems = problemsOf(() => validateMetrics(bad, 'm.json'));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^m\.json: spanSource: .*"gold".*"detected".*\(got "silver"\)$/);
    expect(problems[1]).toMatch(/^m\.json: figures\.trainingSize\[0\]\.points\[0\]\.F1: .*number.*\(got "high"\)$/);
  });

  it('rejects a misspelt key instead of dropping it silently', () => {
    const bad = { ...minimalRun(), figures: { logprobsByDecision: { mask: [], noMask: [] } } };
    expect(problemsOf(() => validateMetrics(bad, 'm.json'))).toEqual(['m.json: figures: Unrecognized key: "logprobsByDecision"']);
  });

  it('reports a missing field and a bad date by name', () => {
    const { documents: _dropped, ...rest } = minimalRun({ createdAt: 'yesterday' });
    const problems = problemsOf(() => validateMetrics(rest, 'm.json'));
    expect(problems.some((p) => p.startsWith('m.json: documents: '))).toBe(true);
    expect(problems.some((p) => p.startsWith('m.json: createdAt: ') && p.endsWith('(got "yesterday")'))).toBe(true);
  });

  it('accepts null scores, a missing Pw and free-form settings', () => {
    const m = minimalRun({ settings: { seed: 3, nested: { list: [1, 2] } } });
    m.rows = [{ method: 'a', P: null, R_all: null, F1: null, R_ent: null, R_direct: null, R_quasi: null, seconds: null }];
    expect(validateMetrics(m, 'm.json').rows[0].Pw).toBeUndefined();
  });

  it('turns invalid JSON into an InputError naming the file', () => {
    expect(problemsOf(() => parseMetricsFile('{"name": ', 'results/y/metrics.json'))[0]).toMatch(/^results\/y\/metrics\.json: not valid JSON: /);
  });

  it('exports a JSON Schema with the required top-level fields', () => {
    const schema = metricsJsonSchema() as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'dataset', 'split', 'spanSource', 'spans', 'documents', 'createdAt', 'settings', 'rows']));
    expect(schema.required).not.toContain('published');
    expect(Object.keys(schema.properties)).toContain('figures');
  });
});
