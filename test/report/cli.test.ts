import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/corpus/index.ts';
import { registerReport } from '../../src/cli/commands/report.ts';
import { renderReportMarkdown } from '../../src/report/index.ts';
import { FIXTURES, fixture } from './fixtures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
let output: string[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sanitext-report-cli-'));
  await cp(FIXTURES, dir, { recursive: true });
  output = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function report(...args: string[]): Promise<void> {
  const program = new Command().exitOverride();
  registerReport(program);
  await program.parseAsync(['report', ...args], { from: 'user' });
}

describe('sanitext report', () => {
  it('re-renders a run from its metrics.json', async () => {
    await report(path.join(dir, 'wikipedia-gold'));
    const files = (await readdir(path.join(dir, 'wikipedia-gold'))).sort();
    expect(files).toEqual(['fig-logprob-by-decision.svg', 'fig-perturbation-thresholds.svg', 'fig-training-size.svg', 'metrics.json', 'report.md', 'table.csv', 'table.tex']);
    expect(await readFile(path.join(dir, 'wikipedia-gold', 'report.md'), 'utf8')).toBe(renderReportMarkdown(fixture('wikipedia-gold')));
    expect(output.join('')).toContain('wikipedia-gold: report.md, table.csv, table.tex, fig-logprob-by-decision.svg');
  });

  it('accepts several runs, a metrics.json path, --decimals and --index', async () => {
    await report(path.join(dir, 'tab-detected', 'metrics.json'), path.join(dir, 'wikipedia-gold'), '--decimals', '2', '--index', dir);
    expect(await readFile(path.join(dir, 'tab-detected', 'report.md'), 'utf8')).toContain('| `mask-everything` | 0.43 | 0.52 | 0.96 | 0.60 | 0.93 | 0.98 | 0.94 | 0.20 |');
    const index = await readFile(path.join(dir, 'README.md'), 'utf8');
    expect(index).toContain('(tab-detected/report.md)');
    expect(index).toContain('(wikipedia-gold/report.md)');
  });

  it('with only --index, re-renders every run under the root', async () => {
    await report('--index', dir);
    expect(await readdir(path.join(dir, 'tab-detected'))).toContain('report.md');
    expect(await readdir(path.join(dir, 'wikipedia-gold'))).toContain('fig-training-size.svg');
    expect(output.join('')).toContain('(2 run(s))');
  });

  it('renders the good runs and reports every bad one with its file and field', async () => {
    const bad = path.join(dir, 'broken');
    await mkdir(bad);
    const metrics = JSON.parse(await readFile(path.join(dir, 'tab-detected', 'metrics.json'), 'utf8'));
    metrics.rows[1].F1 = -0.2;
    await writeFile(path.join(bad, 'metrics.json'), JSON.stringify(metrics));
    const error = await report('--index', dir).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`${path.join(bad, 'metrics.json')}: rows[1].F1: Too small: expected number to be >=0 (got -0.2)`);
    expect(await readdir(path.join(dir, 'wikipedia-gold'))).toContain('report.md');
    expect(await readFile(path.join(dir, 'README.md'), 'utf8')).not.toContain('broken');
  });

  it('refuses to run without a directory or --index, and with bad --decimals', async () => {
    await expect(report()).rejects.toThrow('give at least one results directory');
    await expect(report(dir, '--decimals', '4')).rejects.toThrow('--decimals must be 2 or 3');
  });

  it('exits with status 2 and a located message from the real command line', async () => {
    const bad = path.join(dir, 'broken');
    await mkdir(bad);
    await writeFile(path.join(bad, 'metrics.json'), '{"name": "b"}');
    const run = promisify(execFile)(process.execPath, [path.join(ROOT, 'bin', 'sanitext.mjs'), 'report', bad], { cwd: ROOT });
    const failure = (await run.then(() => null, (e: unknown) => e)) as { code: number; stderr: string } | null;
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain(`${path.join(bad, 'metrics.json')}: dataset: `);
  });
});
