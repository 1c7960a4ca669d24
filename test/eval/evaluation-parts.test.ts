/**
 * An evaluation in parts (issue 18, item 6): metric entries computed by separate processes and put
 * together into the table a whole run gives; `sanitext reproduce` runs the parts side by side.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/corpus/index.ts';
import { mergeEvaluationParts, metricEntryParts, parseEvaluationConfig, runEvaluation, type EvaluationResults } from '../../src/eval/index.ts';
import { describeStep, planLanes } from '../../src/experiment/schedule.ts';
import { runChild } from '../cli/child-process.ts';
import { tabDocument } from '../helpers/tab.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const BIN = join(REPO_ROOT, 'bin', 'sanitext.mjs');

const corpus = [
  tabDocument('anna', 'Anna Berg lives in Oslo. Anna Berg paints.', {
    a1: [
      { text: 'Anna Berg', type: 'PERSON', id: 'DIRECT', entity: 'e1' },
      { text: 'Oslo', type: 'LOC', id: 'QUASI', entity: 'e2' },
    ],
  }),
  tabDocument('jon', 'Jon Dahl fixes boats in Bergen.', { a1: [{ text: 'Jon Dahl', type: 'PERSON', id: 'DIRECT', entity: 'e1' }] }),
];

/** A tiny evaluation: three entries, the second one twice renamed; figure across entries of different parts. */
function writeSetUp(dir: string, extra: Record<string, unknown> = {}): string {
  writeFileSync(join(dir, 'corpus.json'), JSON.stringify(corpus));
  writeFileSync(join(dir, 'names.json'), JSON.stringify({ anna: [[0, 9, 'PERSON'], [19, 23, 'a city']], jon: [[0, 8]] }));
  writeFileSync(join(dir, 'none.json'), JSON.stringify({}));
  writeFileSync(join(dir, 'bk.json'), JSON.stringify({ anna: 'Anna Berg is a painter from Oslo who paints.', jon: 'Jon Dahl repairs fishing boats in Bergen.' }));
  const config = {
    name: 'parts',
    corpus: 'corpus.json',
    anonymizations: [
      { name: 'names', file: 'names.json' },
      { name: 'none', file: 'none.json' },
    ],
    backgroundKnowledge: { BK: 'bk.json' },
    metrics: [
      { metric: 'tab' },
      { metric: 'trir', options: { backgroundKnowledge: 'BK', windowWords: 5, windowStride: 2 } },
      { metric: 'tab', options: { entityRecall: false }, select: ['P'], rename: { P: 'P_again' } },
    ],
    figure: { x: 'P', y: 'TRIR' },
    ...extra,
  };
  const file = join(dir, 'eval.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('an evaluation in parts', () => {
  const temp = useTempDir('sanitext-eval-parts-');

  it('parts computed separately merge into the table of a whole run, columns in config order, with the figure', async () => {
    const file = writeSetUp(temp.path);
    const config = parseEvaluationConfig(JSON.parse(readFileSync(file, 'utf8')), file);
    const options = { dataRoot: temp.path, baseDir: temp.path };
    const whole = await runEvaluation(config, options);
    const first = await runEvaluation(config, { ...options, entries: [2, 0] });
    const second = await runEvaluation(config, { ...options, entries: [1] });
    expect(first.part?.entries).toEqual([0, 2]);
    expect(first.columns).toEqual([...whole.columns.filter((c) => c !== 'TRIR')]);
    expect(first.figure).toBeUndefined();
    const merged = mergeEvaluationParts(config, [
      { file: 'second', results: second },
      { file: 'first', results: first },
    ]);
    expect(merged.columns).toEqual(whole.columns);
    expect(merged.rows).toEqual(whole.rows);
    expect(merged.figure).toEqual({ x: 'P', y: 'TRIR' });
    expect(merged.part).toBeUndefined();
    expect(Object.keys(merged.seconds).sort()).toEqual(Object.keys(whole.seconds).sort());
  });

  it('refuses parts that overlap, leave an entry out, come from another config or are whole runs, naming the file', async () => {
    const file = writeSetUp(temp.path);
    const config = parseEvaluationConfig(JSON.parse(readFileSync(file, 'utf8')), file);
    const options = { dataRoot: temp.path, baseDir: temp.path };
    const a = await runEvaluation(config, { ...options, entries: [0, 1] });
    const b = await runEvaluation(config, { ...options, entries: [1, 2] });
    const c = await runEvaluation(config, { ...options, entries: [2] });
    const whole = await runEvaluation(config, options);
    expect(() => mergeEvaluationParts(config, [{ file: 'a.json', results: a }, { file: 'b.json', results: b }])).toThrow(/b\.json: metric entry 1 is also computed by a\.json/);
    expect(() => mergeEvaluationParts(config, [{ file: 'a.json', results: a }])).toThrow(/metric entries 2 are in no part/);
    expect(() => mergeEvaluationParts(config, [{ file: 'a.json', results: a }, { file: 'w.json', results: whole }])).toThrow(/w\.json: not a part of a run/);
    const other = parseEvaluationConfig({ ...JSON.parse(readFileSync(file, 'utf8')), suppressionMark: '***' }, file);
    expect(() => mergeEvaluationParts(other, [{ file: 'a.json', results: a }, { file: 'c.json', results: c }])).toThrow(/a\.json: computed from another config/);
    expect(() => mergeEvaluationParts(config, [{ file: 'x.json', results: { rows: 3 } as unknown as EvaluationResults }])).toThrow(/x\.json: not an evaluation\.json/);
    await expect(runEvaluation(config, { ...options, entries: [3] })).rejects.toThrow(/metric entries 3 do not exist: the config has entries 0 to 2/);
  });

  it('the parts: a config may say them, each entry once; by default entries with a model of their own run apart', async () => {
    const file = writeSetUp(temp.path);
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(metricEntryParts(parseEvaluationConfig(raw, file))).toEqual([[0, 1, 2]]);
    expect(metricEntryParts(parseEvaluationConfig({ ...raw, parts: [[2, 0], [1]] }, file))).toEqual([[0, 2], [1]]);
    expect(() => parseEvaluationConfig({ ...raw, parts: [[0, 1], [1, 2]] }, file)).toThrow(/parts: metric entry 1 is in two parts/);
    expect(() => parseEvaluationConfig({ ...raw, parts: [[0], [2]] }, file)).toThrow(/parts: metric entries 1 are in no part/);
    expect(() => parseEvaluationConfig({ ...raw, parts: [[0, 1, 2, 5]] }, file)).toThrow(/parts: there is no metric entry 5/);
    // The TAE configuration: its three neural attackers (a model each) apart from the other seven entries.
    const tae = await describeStep(join(REPO_ROOT, 'experiments', 'eval-tae-tab.yaml'));
    expect(tae.parts).toEqual([[0, 1, 2, 3, 4, 8, 9], [5, 6, 7]]);
    const lanes = planLanes([tae]);
    expect(lanes.map((lane) => lane.map((step) => step.part?.entries))).toEqual([[[0, 1, 2, 3, 4, 8, 9]], [[5, 6, 7]]]);
  });

  it('sanitext reproduce runs the parts side by side and merges them into the report a whole run writes', async () => {
    const file = writeSetUp(temp.path, { parts: [[0, 2], [1]] });
    const out = join(temp.path, 'out');
    const logs = join(temp.path, 'logs');
    const run = await runChild(process.execPath, [BIN, 'reproduce', file, '--jobs', '2', '--out-root', out, '--logs', logs], { timeoutMs: 120_000 });
    expect(run.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/merged +parts from 2 parts/);
    const summary = JSON.parse(readFileSync(join(logs, 'summary.json'), 'utf8')) as { steps: { config: string; lane: number; exitCode: number }[] };
    expect(summary.steps.map((s) => [s.config, s.exitCode])).toEqual(
      expect.arrayContaining([
        ['parts (part 1)', 0],
        ['parts (part 2)', 0],
        ['parts', 0],
      ]),
    );
    const alone = await runChild(process.execPath, [BIN, 'evaluate', '--config', file, '--out', join(temp.path, 'alone')], { timeoutMs: 60_000 });
    expect(alone.status).toBe(0);
    const table = (dir: string): unknown => {
      const results = JSON.parse(readFileSync(join(dir, 'evaluation.json'), 'utf8')) as EvaluationResults;
      return { columns: results.columns, rows: results.rows, figure: results.figure, notes: results.notes };
    };
    expect(table(join(out, 'parts'))).toEqual(table(join(temp.path, 'alone')));
    expect(readFileSync(join(out, 'parts', 'table.csv'), 'utf8')).toBe(readFileSync(join(temp.path, 'alone', 'table.csv'), 'utf8'));
  }, 180_000);
});
