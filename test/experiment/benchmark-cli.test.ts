/** `sanitext benchmark` end to end: where it writes, and config checks before any work (issue 11, items 9 and lesser). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/corpus/index.ts';
import { runCli } from '../helpers/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'sanitext-bench-cli-'));
const name = `test-out-${process.pid}`;
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(join(REPO_ROOT, 'out', name), { recursive: true, force: true });
});

describe('sanitext benchmark', () => {
  it('writes to the untracked out/<name>/ by default, never to the committed results/', () => {
    const config = join(scratch, 'detect.yaml');
    writeFileSync(config, `name: ${name}\ntask: detection\ndataset: sample\nsplit: test\nlayers: [rules]\n`);
    const run = runCli(['benchmark', config]);
    expect(run.stderr.replace(/npm warn.*\n/g, '')).not.toMatch(/error|bad input/i);
    expect(run.status).toBe(0);
    expect(existsSync(join(REPO_ROOT, 'out', name, 'metrics.json'))).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'results', name))).toBe(false);
    const ignored = spawnSync('git', ['check-ignore', '-q', join('out', name, 'metrics.json')], { cwd: REPO_ROOT });
    expect(ignored.status).toBe(0);
  }, 120_000);

  it('rejects a misspelt indicator option with its path, exit 2, before loading any data', () => {
    const config = join(scratch, 'typo.yaml');
    // The dataset does not exist: the typo must be reported first, so no work started.
    writeFileSync(
      config,
      `name: typo-${process.pid}\ndataset: no-such-dataset\nevaluation: { train: train, test: test }\nindicators:\n  - { indicator: mask-everything }\n  - { id: a, indicator: mask-everything }\n  - { id: llm, indicator: llm-probability, options: { clasifier: logistic } }\n`,
    );
    const run = runCli(['benchmark', config]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${config}: indicators.2.options.clasifier: unrecognized key`);
    expect(run.stderr).not.toContain('no-such-dataset');
    expect(existsSync(join(REPO_ROOT, 'out', `typo-${process.pid}`))).toBe(false);
  }, 120_000);
});
