import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyReplacements, loadDataset, parseAnonymization, type Corpus } from '../../src/corpus/index.ts';
import { runCli } from '../helpers/cli.ts';

let dir: string;
// An astral character before the span: code points and UTF-16 offsets differ by one there.
const emojiDoc = {
  doc_id: 'e1',
  text: 'Call 😀 Anna Berg at noon. Anna Berg agreed.',
  annotations: {
    ann1: {
      entity_mentions: [
        { entity_type: 'PERSON', entity_mention_id: 'e1_1', start_offset: 7, end_offset: 16, span_text: 'Anna Berg', identifier_type: 'DIRECT', entity_id: 'e1_a' },
        { entity_type: 'PERSON', entity_mention_id: 'e1_2', start_offset: 26, end_offset: 35, span_text: 'Anna Berg', identifier_type: 'DIRECT', entity_id: 'e1_a' },
      ],
    },
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sanitext-anon-'));
  await writeFile(join(dir, 'emoji.json'), JSON.stringify([emojiDoc]));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Sanitizes `input` twice with the same flags: as documents (jsonl) and as an anonymization; checks one against the other. */
async function checkAgainstDocuments(input: string, corpus: Corpus, extra: string[]): Promise<Record<string, unknown>> {
  const anonymizationFile = join(dir, `${corpus.name.replace(/\W/g, '_')}-anon.json`);
  const documentsFile = join(dir, `${corpus.name.replace(/\W/g, '_')}-docs.jsonl`);
  const anon = runCli(['sanitize', input, ...extra, '--format', 'anonymization', '--out', anonymizationFile]);
  expect(anon.status, anon.stderr).toBe(0);
  const docs = runCli(['sanitize', input, ...extra, '--to', 'jsonl', '--out', documentsFile]);
  expect(docs.status, docs.stderr).toBe(0);
  const json = JSON.parse(await readFile(anonymizationFile, 'utf8')) as Record<string, unknown>;
  const { anonymization } = parseAnonymization(json, anonymizationFile, corpus);
  const sanitized = new Map(
    (await readFile(documentsFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { doc_id: string; text: string })
      .map((d) => [d.doc_id, d.text]),
  );
  expect([...anonymization.keys()].sort()).toEqual(corpus.documents.map((d) => d.id).sort());
  for (const doc of corpus.documents) {
    const replacements = anonymization.get(doc.id)!;
    expect(replacements.every((r) => typeof r.replacement === 'string')).toBe(true);
    expect(applyReplacements(doc.text, replacements).text).toBe(sanitized.get(doc.id));
  }
  return json;
}

describe('sanitext sanitize --format anonymization (real CLI)', () => {
  it('writes code-point spans with replacements that rebuild the sanitized text exactly', async () => {
    const file = join(dir, 'emoji.json');
    const corpus = await loadDataset(file);
    const json = await checkAgainstDocuments(file, corpus, ['--spans', 'gold']);
    // Code points, as in the input file (UTF-16 would say 8 and 17).
    expect(json).toEqual({ e1: [[7, 16, '[PERSON_1]'], [26, 35, '[PERSON_1]']] });
  });

  it('covers every document of the sample, and sanitext evaluate scores the file', async () => {
    const corpus = await loadDataset('sample');
    await checkAgainstDocuments('sample', corpus, ['--strategy', 'type-tag']);
    const evaluated = runCli(['evaluate', 'sample', join(dir, 'sample-anon.json'), '--json']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    const metrics = JSON.parse(evaluated.stdout) as Record<string, number>;
    // The gold DIRECT and QUASI mentions were replaced (TAB input: --spans gold): every direct identifier is caught.
    expect(metrics.recall_direct_entities).toBe(1);
    expect(metrics.token_recall).toBeGreaterThan(0.9);
  });

  it('refuses --to with --format anonymization, an unknown --format and a folder --out (exit 2, nothing written)', () => {
    const out = join(dir, 'refused.json');
    const both = runCli(['sanitize', 'sample', '--format', 'anonymization', '--to', 'jsonl', '--out', out]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--to/);
    const unknown = runCli(['sanitize', 'sample', '--format', 'spans', '--out', out]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/--format/);
    const folder = runCli(['sanitize', 'sample', '--format', 'anonymization', '--out', dir]);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toMatch(/is a folder/);
    expect(existsSync(out)).toBe(false);
  });
});
