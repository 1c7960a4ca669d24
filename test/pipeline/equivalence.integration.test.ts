import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './child.ts';

// The Done-when check of issue 12: the pipeline with `assess: none` and the recognizer's layers
// (pipelines/default.yaml) gives exactly the masks of `sanitize --spans detected` on tab144 test.
describe.skipIf(!process.env.SANITEXT_DATA_DIR)('pipeline = sanitize --spans detected (tab144 test)', () => {
  it('same sanitized texts and mappings', { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-equivalence-'));
    const plain = ['--to', 'jsonl', '--plain-mapping'];
    const detected = await runCli(['sanitize', 'tab144:test', '--spans', 'detected', ...plain, '--out', join(dir, 'detected.jsonl'), '--mapping', join(dir, 'detected-map.json')]);
    expect(detected.status, detected.stderr).toBe(0);
    const piped = await runCli(['sanitize', 'tab144:test', '--pipeline', 'pipelines/default.yaml', ...plain, '--out', join(dir, 'pipeline.jsonl'), '--mapping', join(dir, 'pipeline-map.json')]);
    expect(piped.status, piped.stderr).toBe(0);
    const texts = (file: string) => readFileSync(join(dir, file), 'utf8').trim().split('\n');
    const expected = texts('detected.jsonl');
    expect(expected).toHaveLength(31);
    expect(texts('pipeline.jsonl')).toEqual(expected);
    expect(readFileSync(join(dir, 'pipeline-map.json'), 'utf8')).toBe(readFileSync(join(dir, 'detected-map.json'), 'utf8'));
  });
});

// Every sanitize mode runs a pipeline now: its output must stay what the library's sanitize() gives
// on the recognizer's spans, the computation `sanitize --spans detected` made before.
describe.skipIf(!process.env.SANITEXT_DATA_DIR)('sanitize --spans detected = sanitize() on the recognizer spans (tab144 test)', () => {
  it('same sanitized texts', { timeout: 600_000 }, async () => {
    const { loadDataset } = await import('../../src/corpus/index.ts');
    const { createRecognizer } = await import('../../src/detect/index.ts');
    const { sanitize } = await import('../../src/mask/index.ts');
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-equivalence-'));
    const run = await runCli(['sanitize', 'tab144:test', '--spans', 'detected', '--to', 'jsonl', '--out', join(dir, 'detected.jsonl')]);
    expect(run.status, run.stderr).toBe(0);
    const lines = readFileSync(join(dir, 'detected.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { doc_id: string; text: string });
    const docs = (await loadDataset('tab144:test')).documents;
    const recognizer = await createRecognizer();
    expect(lines.map((l) => l.doc_id)).toEqual(docs.map((d) => d.id));
    for (const [i, doc] of docs.entries()) expect(lines[i].text).toBe(sanitize(doc.text, await recognizer.recognize(doc), { strategy: 'numbered', docId: doc.id }).text);
  });
});
