/** Every committed result stays readable by the report writers and the notebooks (issue 11, item 12). */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/corpus/index.ts';
import { EVALUATION_FILE, METRICS_FILE, readEvaluationFile, readMetricsFile } from '../src/report/index.ts';
import { runCli } from './helpers/cli.ts';

const RESULTS = join(REPO_ROOT, 'results');
const runDirs = readdirSync(RESULTS).filter((name) => statSync(join(RESULTS, name)).isDirectory());
const scratch = mkdtempSync(join(tmpdir(), 'sanitext-results-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('committed results', () => {
  it.each(runDirs.filter((name) => readdirSync(join(RESULTS, name)).includes(METRICS_FILE)))('results/%s/metrics.json matches the metrics schema', async (name) => {
    const metrics = await readMetricsFile(join(RESULTS, name, METRICS_FILE));
    expect(metrics.name.length).toBeGreaterThan(0);
  });

  it.each(runDirs.filter((name) => readdirSync(join(RESULTS, name)).includes(EVALUATION_FILE)))('results/%s/evaluation.json matches the evaluation schema', async (name) => {
    const results = await readEvaluationFile(join(RESULTS, name, EVALUATION_FILE));
    expect(results.rows.length).toBeGreaterThan(0);
  });

  it('has no folder whose JSON is not a run: bench outputs use their own file names', () => {
    expect(readdirSync(join(RESULTS, 'table3'))).not.toContain(METRICS_FILE);
  });

  it('sanitext report --index renders every committed run (copied, so the committed files stay as they are)', () => {
    const copy = join(scratch, 'results');
    cpSync(RESULTS, copy, { recursive: true });
    const run = runCli(['report', '--index', copy]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/index: .*README\.md \(\d+ run\(s\)\)/);
  }, 120_000);
});

describe('notebooks fail like the CLI', () => {
  const notebook = fileURLToPath(new URL('../notebooks/figure6-perturbation.ts', import.meta.url));
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

  it('an invalid metrics.json gives one message naming the file and field, exit 2, no stack trace', () => {
    const root = join(scratch, 'bad');
    mkdirSync(join(root, 'broken'), { recursive: true });
    writeFileSync(join(root, 'broken', METRICS_FILE), JSON.stringify({ layers: ['rules'], results: {} }));
    const r = spawnSync(tsx, [notebook, root], { encoding: 'utf8', env: { ...process.env, SANITEXT_DEBUG: '' }, timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(join(root, 'broken', METRICS_FILE));
    expect(r.stderr).toContain('name:');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('writes its figure to the untracked out/ folder unless told otherwise', () => {
    const out = join(scratch, 'figures');
    const r = spawnSync(tsx, [notebook, join(REPO_ROOT, 'test', 'fixtures', 'report'), '--out', out], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(readdirSync(out).some((f) => f.endsWith('fig-perturbation-thresholds.svg'))).toBe(true);
    const bad = spawnSync(tsx, [notebook, '--outt', out], { encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown option --outt');
  }, 60_000);
});
