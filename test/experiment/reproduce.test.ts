/** `sanitext reproduce`: many configs, N processes at a time, the same figures as one config alone (issue 18, item 6). */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/corpus/index.ts';
import { describeStep, planLanes, type ReproductionStep } from '../../src/experiment/schedule.ts';
import { runChild } from '../cli/child-process.ts';

const BIN = join(REPO_ROOT, 'bin', 'sanitext.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'sanitext-reproduce-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const tag = `${process.pid}`;

/** Four configs on the bundled sample: three benchmarks (one lane: gold and detected spans), one detection run. */
function writeConfigs(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const rows = (ids: string[]): string => ids.map((id) => `  - { id: ${id}, indicator: mask-everything }`).join('\n');
  writeFileSync(join(dir, 'a-small.yaml'), `name: small-${tag}\ndataset: sample\nevaluation: { train: train, test: test }\nweighting: uniform\nindicators:\n${rows(['one'])}\n`);
  writeFileSync(join(dir, 'b-large.yaml'), `name: large-${tag}\ndataset: sample\nevaluation: { train: train, test: test }\nweighting: uniform\nindicators:\n${rows(['one', 'two', 'three'])}\n`);
  writeFileSync(join(dir, 'd-detected.yaml'), `name: detected-${tag}\ndataset: sample\nevaluation: { train: train, test: test }\nspans: { detected: { layers: [rules] } }\nweighting: uniform\nindicators:\n${rows(['one'])}\n`);
  writeFileSync(join(dir, 'c-detect.yaml'), `name: detect-${tag}\ntask: detection\ndataset: sample\nsplit: test\nlayers: [rules]\n`);
}

const figures = (file: string): unknown => (JSON.parse(readFileSync(file, 'utf8')) as { rows: Record<string, unknown>[] }).rows.map(({ seconds: _seconds, ...row }) => row);

describe('sanitext reproduce', () => {
  it('puts benchmarks of one dataset in one lane (gold and detected spans share fits), the larger first, and the heaviest lane first', async () => {
    const dir = join(scratch, 'plan');
    writeConfigs(dir);
    const steps = await Promise.all(['a-small.yaml', 'b-large.yaml', 'c-detect.yaml', 'd-detected.yaml'].map((f) => describeStep(join(dir, f))));
    const lanes = planLanes(steps).map((lane: ReproductionStep[]) => lane.map((s) => s.name));
    expect(lanes).toEqual([[`large-${tag}`, `detected-${tag}`, `small-${tag}`], [`detect-${tag}`]]);
  });

  it('runs a folder of configs 2 at a time with the figures of each config run alone', async () => {
    const dir = join(scratch, 'run');
    writeConfigs(dir);
    const out = join(scratch, 'out');
    const logs = join(scratch, 'logs');
    const run = await runChild(process.execPath, [BIN, 'reproduce', dir, '--jobs', '2', '--out-root', out, '--logs', logs], { timeoutMs: 240_000 });
    expect(run.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    expect(run.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(logs, 'summary.json'), 'utf8')) as { jobs: number; modelThreads: number; steps: { config: string; lane: number; exitCode: number }[] };
    expect(summary.jobs).toBe(2);
    expect(summary.steps.map((s) => s.exitCode)).toEqual([0, 0, 0, 0]);
    const lane = (name: string): number | undefined => summary.steps.find((s) => s.config === name)?.lane;
    expect(lane(`large-${tag}`)).toBe(lane(`small-${tag}`));
    expect(lane(`detected-${tag}`)).toBe(lane(`large-${tag}`));
    expect(lane(`detect-${tag}`)).not.toBe(lane(`large-${tag}`));
    // The same figures as `sanitext benchmark` of each config alone.
    for (const [file, name] of [['b-large.yaml', `large-${tag}`], ['d-detected.yaml', `detected-${tag}`], ['c-detect.yaml', `detect-${tag}`]]) {
      const alone = join(scratch, 'alone', name);
      const single = await runChild(process.execPath, [BIN, 'benchmark', join(dir, file), '--out', alone], { timeoutMs: 120_000 });
      expect(single.status).toBe(0);
      expect(figures(join(out, name, 'metrics.json'))).toEqual(figures(join(alone, 'metrics.json')));
    }
  }, 360_000);

  it('checks every config before running any: a bad one fails the run with its file and field, exit 2', async () => {
    const dir = join(scratch, 'bad');
    writeConfigs(dir);
    writeFileSync(join(dir, 'd-typo.yaml'), `name: typo-${tag}\ndataset: sample\nevaluation: { train: train, test: test }\nindicators:\n  - { indicator: mask-everything, optoins: {} }\n`);
    const logs = join(scratch, 'bad-logs');
    const run = await runChild(process.execPath, [BIN, 'reproduce', dir, '--jobs', '2', '--out-root', join(scratch, 'bad-out'), '--logs', logs], { timeoutMs: 120_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(join(dir, 'd-typo.yaml'));
    expect(run.stderr).toContain('optoins');
    expect(run.stdout).not.toContain('started');
  }, 120_000);
});
