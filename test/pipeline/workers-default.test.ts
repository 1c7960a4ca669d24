/** The CLI's default worker count: the cores, but one thread for an input known to be small. */
import { statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inputBytes, listInputs, REPO_DATASETS } from '../../src/corpus/index.ts';
import { SMALL_INPUT_BYTES, workersForInput } from '../../src/pipeline/index.ts';

const folder = mkdtempSync(join(tmpdir(), 'sanitext-workers-default-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('workersForInput', () => {
  it('takes --workers as given, else one thread under SMALL_INPUT_BYTES and one per core otherwise', () => {
    expect(workersForInput('3', 10)).toBe(3);
    expect(workersForInput(undefined, 10)).toBe(1);
    expect(workersForInput(undefined, SMALL_INPUT_BYTES)).toBe(availableParallelism());
    expect(workersForInput(undefined, undefined)).toBe(availableParallelism());
    expect(() => workersForInput('0', 10)).toThrow(/--workers is a whole number/);
  });

  it('measures files, folders and datasets on disk; standard input is unknown', async () => {
    const a = join(folder, 'a.txt');
    const b = join(folder, 'b.jsonl');
    writeFileSync(a, 'Sehr geehrte Frau Müller,\n');
    writeFileSync(b, '{"id":"x","text":"Anna Schmidt"}\n');
    expect(inputBytes(await listInputs(a))).toBe(statSync(a).size);
    expect(inputBytes(await listInputs(folder))).toBe(statSync(a).size + statSync(b).size);
    expect(inputBytes(await listInputs('sample', { dataRoot: REPO_DATASETS }), REPO_DATASETS)).toBe(statSync(join(REPO_DATASETS, 'sample', 'sample.json')).size);
    expect(inputBytes(await listInputs('-'))).toBeUndefined();
  });
});
