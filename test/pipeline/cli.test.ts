import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './child.ts';

const dir = mkdtempSync(join(tmpdir(), 'pipeline-cli-'));
const TEXT = 'Mr Jan Kowalski, born on 12 May 1970 😀, wrote to jan.kowalski@example.org.\n';

describe('sanitext pipeline / assess', () => {
  it('prints the JSON Schema of pipeline configs', async () => {
    const run = await runCli(['pipeline', '--print-schema']);
    expect(run.status).toBe(0);
    const schema = JSON.parse(run.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['detect', 'assess', 'mask']));
  });

  it('checks a config: valid, or exit 2 with the file and field', async () => {
    const ok = await runCli(['pipeline', '--check', 'pipelines/anonymize-rs.yaml']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('pipelines/anonymize-rs.yaml: valid (layers: neural, keywords, patterns; assess: none; mask: anonymize-rs)');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'detect:\n  language: tr\nmask:\n  stratgy: numbered\n');
    const run = await runCli(['pipeline', '--check', bad]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${bad}: detect.language: one of en, de, es, nl, fr, pl, auto, not "tr"`);
    expect(run.stderr).toContain(`${bad}: mask: Unrecognized key: "stratgy"`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('assess --json lists every span with its decision, offsets in code points', async () => {
    const input = join(dir, 'letter.txt');
    const config = join(dir, 'p.yaml');
    writeFileSync(input, TEXT);
    writeFileSync(config, 'detect:\n  layers: {rules: true}\nassess:\n  never: [DATETIME]\n');
    const out = join(dir, 'assess.json');
    const run = await runCli(['assess', input, '--pipeline', config, '--json', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { indicator: string; documents: { id: string; spans: { start: number; end: number; text: string; decision: string; decidedBy: string }[] }[] };
    expect(report.indicator).toBe('none');
    const spans = report.documents[0].spans;
    expect(spans.map((s) => [s.text, s.decision, s.decidedBy])).toEqual([
      ['Mr Jan Kowalski', 'mask', 'none'],
      ['12 May 1970', 'keep', 'never'],
      ['jan.kowalski@example.org', 'mask', 'none'],
    ]);
    // After the emoji (two UTF-16 units, one code point) offsets count code points.
    const codePoints = [...TEXT];
    for (const s of spans) expect(codePoints.slice(s.start, s.end).join('')).toBe(s.text);
  });

  it('assess prints a table; bad input exits 2 and writes nothing', async () => {
    const input = join(dir, 'letter.txt');
    writeFileSync(input, TEXT);
    const table = await runCli(['assess', input, '--pipeline', 'pipelines/anonymize-rs.yaml']);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/document\s+start\s+end\s+type/);
    expect(table.stdout).toMatch(/1 document\(s\): \d+ span\(s\) to mask, 0 kept in clear \(indicator: none\)/);
    const out = join(dir, 'never.json');
    const missing = await runCli(['assess', join(dir, 'no-such-file.txt'), '--pipeline', 'pipelines/anonymize-rs.yaml', '--out', out]);
    expect(missing.status).toBe(2);
    expect(existsSync(out)).toBe(false);
    const noPipeline = await runCli(['assess', input]);
    expect(noPipeline.status).toBe(2);
    expect(noPipeline.stderr).toContain('--pipeline CONFIG is required');
  });

  it('sanitize --pipeline masks as the config says; --spans with it is refused', async () => {
    const input = join(dir, 'letter.txt');
    const config = join(dir, 'typed.yaml');
    writeFileSync(input, TEXT);
    writeFileSync(config, 'detect:\n  layers: {rules: true}\nassess: {never: [DATETIME]}\nmask:\n  strategy: numbered\n  byType: {CODE: redact}\n');
    const run = await runCli(['sanitize', input, '--pipeline', config]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('[PERSON_1], born on 12 May 1970 😀, wrote to ***.\n');
    // The summary names the config's strategies (per type), not the --strategy flag's default.
    expect(run.stderr).toContain('2 span(s) replaced with numbered+redact; no --mapping: the text cannot be restored');
    const tagged = join(dir, 'tagged.yaml');
    writeFileSync(tagged, 'detect:\n  layers: {rules: true}\nmask:\n  strategy: type-tag\n');
    const oneWay = await runCli(['sanitize', input, '--pipeline', tagged]);
    expect(oneWay.status, oneWay.stderr).toBe(0);
    expect(oneWay.stderr).toMatch(/span\(s\) replaced with type-tag\n$/);
    const both = await runCli(['sanitize', input, '--pipeline', config, '--spans', 'detected']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--pipeline decides the spans itself');
  });

  it('sanitize --pipeline --key-file keys the config\'s keyed tags with the flag\'s key, over its mask.key', async () => {
    const input = join(dir, 'letter.txt');
    writeFileSync(input, TEXT);
    const keyA = join(dir, 'a.key');
    const keyB = join(dir, 'b.key');
    writeFileSync(keyA, 'first secret of the pipeline test\n');
    writeFileSync(keyB, 'second secret of the pipeline test\n');
    const keyed = join(dir, 'keyed.yaml');
    writeFileSync(keyed, 'detect:\n  layers: {rules: true}\nmask:\n  strategy: keyed-tag\n');
    // The config's own key: an environment variable that is not set, which the flag replaces.
    const unsetEnv = join(dir, 'keyed-env.yaml');
    writeFileSync(unsetEnv, 'detect:\n  layers: {rules: true}\nmask:\n  strategy: keyed-tag\n  key: {env: SANITEXT_TEST_UNSET_KEY}\n');
    const saved = process.env.SANITEXT_MAPPING_KEY;
    delete process.env.SANITEXT_MAPPING_KEY;
    try {
      const keyless = await runCli(['sanitize', input, '--pipeline', keyed]);
      expect(keyless.status).toBe(2);
      expect(keyless.stderr).toContain('mask.key: strategy keyed-tag needs a secret key');
      const [a, again, b, overEnv] = await Promise.all([
        runCli(['sanitize', input, '--pipeline', keyed, '--key-file', keyA]),
        runCli(['sanitize', input, '--pipeline', keyed, '--key-file', keyA]),
        runCli(['sanitize', input, '--pipeline', keyed, '--key-file', keyB]),
        runCli(['sanitize', input, '--pipeline', unsetEnv, '--key-file', keyA]),
      ]);
      for (const run of [a, again, b, overEnv]) expect(run.status, run.stderr).toBe(0);
      expect(a.stdout).toMatch(/^<PERSON "[0-9a-f]+">, born on <DATETIME "[0-9a-f]+"> 😀, wrote to <CODE "[0-9a-f]+">\.\n$/);
      expect(again.stdout).toBe(a.stdout);
      expect(overEnv.stdout).toBe(a.stdout);
      // Another key, other tags: the flag's key is the one used.
      expect(b.stdout).not.toBe(a.stdout);
    } finally {
      if (saved !== undefined) process.env.SANITEXT_MAPPING_KEY = saved;
    }
  });
});
