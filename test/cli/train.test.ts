import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndicatorArtefact } from '../../src/indicators/index.ts';

const BIN = fileURLToPath(new URL('../../bin/sanitext.mjs', import.meta.url));
let cwd: string;

/** The real CLI, run from a folder outside the repository (as a user of the package would). */
function sanitext(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'sanitext-train-'));
  writeFileSync(join(cwd, 'system.json'), JSON.stringify({ 'sample-echr-10': [[0, 40]] }));
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('--weights mlm:MODEL from another working directory (issue 12 item 3, issue 11)', () => {
  it('loads a bundled model by name anywhere', () => {
    const r = sanitext(['evaluate', 'sample:test', 'system.json', '--weights', 'mlm:minibert-en-cased', '--json']);
    expect(r.stderr).not.toMatch(/fetch failed/);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).weighted_token_precision).toEqual(expect.any(Number));
  }, 300_000);

  it('a missing folder is one message naming it, exit 2 (was a TypeError)', () => {
    const r = sanitext(['evaluate', 'sample:test', 'system.json', '--weights', 'mlm:/missing/path']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--weights: model "\/missing\/path" not found: .*no folder at \/missing\/path/);
    expect(r.stderr).not.toMatch(/TypeError|\n\s+at /);
  });

  it('a repository-relative path from elsewhere says where it looked and names the bundled model (was "fetch failed")', () => {
    const r = sanitext(['evaluate', 'sample:test', 'system.json', '--weights', 'mlm:models/minibert-en-cased']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`no folder at ${join(cwd, 'models', 'minibert-en-cased')}`);
    expect(r.stderr).toMatch(/the bundled one is named "minibert-en-cased"/);
    expect(r.stderr).not.toMatch(/fetch failed/);
  });
});

describe('sanitext train', () => {
  it('fits an indicator on the first N training documents and writes a loadable artefact', async () => {
    writeFileSync(join(cwd, 'seq.yaml'), 'indicator: sequence-labelling\noptions: {model: minibert-tab-mask, match: full, dtype: q8}\nthreshold: 0.4\n');
    const r = sanitext(['train', 'seq.yaml', '--data', 'sample:train', '--limit', '2', '--out', 'out/risk.json']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/sequence-labelling: trained on 2 document\(s\)/);
    const { artefact, threshold } = await loadIndicatorArtefact(join(cwd, 'out', 'risk.json'));
    expect(threshold).toBe(0.4);
    expect(artefact.training).toMatchObject({ dataset: 'sample', split: 'train', documents: 2, annotators: 1, limit: 2 });
    expect(artefact.models).toEqual([{ model: 'minibert-tab-mask', dtype: 'q8' }]);
  }, 300_000);

  it('fits a weighted combination from a JSON config', async () => {
    writeFileSync(
      join(cwd, 'vote.json'),
      JSON.stringify({ combination: { weighted: true }, members: [{ indicator: 'mask-everything' }, { indicator: 'sequence-labelling', options: { dtype: 'q8' }, threshold: 0.3 }] }),
    );
    const r = sanitext(['train', 'vote.json', '--data', 'sample:train', '--limit', '2', '--out', 'vote-risk.json']);
    expect(r.status).toBe(0);
    const { artefact } = await loadIndicatorArtefact(join(cwd, 'vote-risk.json'));
    expect(artefact.indicator).toBe('combination');
    expect(artefact.options).toMatchObject({ rule: 'logistic-regression', memberThresholds: [null, 0.3] });
  }, 300_000);

  it('rejects a misspelt field or option with its path before any work, and writes nothing', () => {
    const cases: [string, string, RegExp][] = [
      ['typo.yaml', 'indicator: llm-probability\noptions: {clasifier: logistic}\n', /typo\.yaml: options\.clasifier: unrecognized key/],
      ['field.yaml', 'indicator: mask-everything\nthreshhold: 0.5\n', /field\.yaml: \(top level\): unknown field\(s\) threshhold/],
      ['member.yaml', 'combination: {atLeast: 1}\nmembers: [{indicator: mask-everything}, {indicator: llm-probability, options: {clasifier: logistic}}]\n', /member\.yaml: members\.1\.options\.clasifier: unrecognized key/],
      ['k.yaml', 'combination: {atLeast: 3}\nmembers: [{indicator: mask-everything}, {indicator: sequence-labelling}]\n', /k\.yaml: combination\.atLeast: 3 is more than the 2 members voting/],
      ['name.yaml', 'indicator: oracle\n', /name\.yaml: indicator: unknown risk indicator "oracle"/],
      ['model.yaml', 'indicator: sequence-labelling\noptions: {model: ./no-such-model}\n', /model\.yaml: options\.model: model "\.\/no-such-model" not found: .*no folder at /],
    ];
    for (const [file, content, message] of cases) {
      writeFileSync(join(cwd, file), content);
      const r = sanitext(['train', file, '--data', 'sample:train', '--out', `${file}.json`]);
      expect(r.status, file).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(cwd, `${file}.json`))).toBe(false);
    }
  }, 300_000);

  it('names a missing config file and a bad --limit', () => {
    const missing = sanitext(['train', 'absent.yaml', '--data', 'sample:train', '--out', 'x.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/absent\.yaml: file not found/);
    writeFileSync(join(cwd, 'ok.yaml'), 'indicator: mask-everything\n');
    const limit = sanitext(['train', 'ok.yaml', '--data', 'sample:train', '--limit', 'ten', '--out', 'x.json']);
    expect(limit.status).toBe(2);
    expect(limit.stderr).toMatch(/--limit: takes a positive whole number, got "ten"/);
  });
});
