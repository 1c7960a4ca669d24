/**
 * Regression tests of issue 11 for restore, mapping files and keys, through the real CLI: another
 * document's mapping, plain mappings under a key, TAB annotations after restore, mapping file
 * modes, and secrets that are not what they look like.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, parseCorpus, type Document } from '../../src/corpus/index.ts';
import { runCli } from '../helpers/cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const temp = useTempDir('sanitext-restore-leaks-');
const keyHex = '3c'.repeat(32);
const env = { SANITEXT_MAPPING_KEY: keyHex };
const docD = 'Michael Linder wrote to Anna Berg from Oslo.\n';
const docC = 'Eva Holm met Jan Ek, Per Ek and Ola Dahl in Bergen.\n';

/** Sanitizes one text file with the given code-point spans; returns the sanitized and mapping paths. */
async function sanitizeFile(name: string, text: string, spans: [number, number][], extra: string[] = []): Promise<{ sanitized: string; mapping: string }> {
  const dir = temp.path;
  await writeFile(join(dir, `${name}.txt`), text);
  await writeFile(join(dir, `${name}-spans.json`), JSON.stringify({ [name]: spans }));
  const sanitized = join(dir, `${name}.san.txt`);
  const mapping = join(dir, `${name}.map`);
  const run = runCli(['sanitize', join(dir, `${name}.txt`), '--spans', join(dir, `${name}-spans.json`), '--mapping', mapping, '--out', sanitized, ...extra], env);
  expect(run.stderr).toContain('sanitized 1 document(s)');
  expect(run.status).toBe(0);
  return { sanitized, mapping };
}

describe("restore refuses another document's mapping", () => {
  it('exits 2 and writes nothing, with and without --strict; the right mapping and an edited text still restore', async () => {
    const d = await sanitizeFile('docD', docD, [[0, 14], [24, 33], [39, 43]]);
    const c = await sanitizeFile('docC', docC, [[0, 8], [13, 19], [21, 27], [32, 40], [44, 50]]);
    expect(await readFile(c.sanitized, 'utf8')).toBe('[ENTITY_1] met [ENTITY_2], [ENTITY_3] and [ENTITY_4] in [ENTITY_5].\n');

    for (const strict of [[], ['--strict']]) {
      const out = join(temp.path, `wrong${strict.length}.txt`);
      const run = runCli(['restore', c.sanitized, '--mapping', d.mapping, '--out', out, ...strict], env);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`${c.sanitized}, doc docC.san: 2 placeholder(s) in the text are not in this document's mapping (${d.mapping}): [ENTITY_4] [ENTITY_5]`);
      expect(run.stderr).toContain('nothing restored');
      for (const original of ['Michael', 'Anna', 'Oslo', 'Eva', 'Bergen']) expect(run.stderr).not.toContain(original);
      expect(existsSync(out)).toBe(false);
    }

    const right = runCli(['restore', d.sanitized, '--mapping', d.mapping, '--strict'], env);
    expect(right.status).toBe(0);
    expect(right.stdout).toBe(docD);
    expect(right.stderr).not.toContain('changed');

    // An LLM-style paraphrase of docD: placeholders moved, text around them new.
    const paraphrase = join(temp.path, 'docD.edited.txt');
    await writeFile(paraphrase, 'From [ENTITY_3], [ENTITY_1] sent [ENTITY_2] a letter.\n');
    const edited = runCli(['restore', paraphrase, '--mapping', d.mapping, '--strict'], env);
    expect(edited.status).toBe(0);
    expect(edited.stdout).toBe('From Oslo, Michael Linder sent Anna Berg a letter.\n');
    expect(edited.stderr).toContain('the text changed since sanitization');
  });

  it('never writes the restored text over the mapping or the sanitized input', async () => {
    const d = await sanitizeFile('overD', docD, [[0, 14]]);
    const mapping = await readFile(d.mapping, 'utf8');
    for (const out of [d.mapping, d.sanitized]) {
      const run = runCli(['restore', d.sanitized, '--mapping', d.mapping, '--out', out], env);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`--out ${out} is an input file: it would be overwritten`);
    }
    expect(await readFile(d.mapping, 'utf8')).toBe(mapping);
    expect(await readFile(d.sanitized, 'utf8')).toBe('[ENTITY_1] wrote to Anna Berg from Oslo.\n');
  });

  it('names the document whose sanitized text was given with --doc-id of another', async () => {
    const dir = temp.path;
    await writeFile(join(dir, 'two.jsonl'), [JSON.stringify({ doc_id: 'a', text: 'Anna Berg came.' }), JSON.stringify({ doc_id: 'b', text: 'Jan Ek left.' })].join('\n') + '\n');
    await writeFile(join(dir, 'two-spans.json'), JSON.stringify({ a: [[0, 9]], b: [[0, 6]] }));
    const run = runCli(['sanitize', join(dir, 'two.jsonl'), '--spans', join(dir, 'two-spans.json'), '--mapping', join(dir, 'two.map'), '--out', join(dir, 'two.san.jsonl')], env);
    expect(run.status).toBe(0);
    const lines = (await readFile(join(dir, 'two.san.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { text: string });
    await writeFile(join(dir, 'b.san.txt'), lines[1].text);
    const wrong = runCli(['restore', join(dir, 'b.san.txt'), '--mapping', join(dir, 'two.map'), '--doc-id', 'a'], env);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain(`the text is the sanitized text of document b in ${join(dir, 'two.map')}, not of a; nothing restored`);
    expect(wrong.stdout).toBe('');
  });
});

describe('with a key, only authenticated mappings are read', () => {
  it('refuses a hand-edited plain mapping while a key is given, unless --allow-plain-mapping', async () => {
    const d = await sanitizeFile('plainD', docD, [[0, 14]], ['--plain-mapping']);
    const file = JSON.parse(await readFile(d.mapping, 'utf8')) as { mapping: { documents: Record<string, { entries: { original: string; occurrences: string[] }[] }> } };
    const [entry] = file.mapping.documents.plainD.entries;
    entry.original = 'Somebody Else';
    entry.occurrences = ['Somebody Else'];
    await writeFile(d.mapping, JSON.stringify(file));
    const out = join(temp.path, 'plain.restored.txt');

    const refused = runCli(['restore', d.sanitized, '--mapping', d.mapping, '--out', out], env);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${d.mapping}: the mapping is not encrypted, so nothing proves it unmodified, but a key was given ($SANITEXT_MAPPING_KEY): pass --allow-plain-mapping`);
    expect(existsSync(out)).toBe(false);

    const allowed = runCli(['restore', d.sanitized, '--mapping', d.mapping, '--out', out, '--allow-plain-mapping'], env);
    expect(allowed.status).toBe(0);
    expect(await readFile(out, 'utf8')).toBe('Somebody Else wrote to Anna Berg from Oslo.\n');
    // Without any key a plain mapping is what the user has: read as before.
    expect(runCli(['restore', d.sanitized, '--mapping', d.mapping], { SANITEXT_MAPPING_KEY: '' }).status).toBe(0);
  });
});

describe('restore of a TAB file', () => {
  it('keeps every annotation, moved back onto the restored text', async () => {
    const dir = temp.path;
    const sanitized = join(dir, 'sample.san.json');
    const mapping = join(dir, 'sample.map');
    expect(runCli(['sanitize', 'sample', '--mapping', mapping, '--out', sanitized], env).status).toBe(0);
    const restoredPath = join(dir, 'sample.restored.json');
    const run = runCli(['restore', sanitized, '--mapping', mapping, '--out', restoredPath], env);
    expect(run.status).toBe(0);
    const restored = parseCorpus(JSON.parse(await readFile(restoredPath, 'utf8')), restoredPath).documents;
    const original = (await loadDataset('sample')).documents;
    expect(restored.map((d) => d.id)).toEqual(original.map((d) => d.id));
    let exact = 0;
    let total = 0;
    for (const [i, doc] of original.entries()) {
      expect(restored[i].text).toBe(doc.text);
      expect(restored[i].annotations.map((a) => a.annotator)).toEqual(doc.annotations.map((a) => a.annotator));
      const back = new Map(restored[i].annotations.flatMap((a) => a.mentions).map((m) => [m.mentionId, m]));
      for (const m of doc.annotations.flatMap((a) => a.mentions)) {
        const r = back.get(m.mentionId);
        expect(r, `${doc.id} ${m.mentionId}`).toBeDefined();
        if (!r) continue;
        total++;
        expect(r.spanText).toBe(doc.text.slice(r.start, r.end));
        // A mention merged with an overlapping one at sanitization comes back as the merged span.
        expect(r.start <= m.start && r.end >= m.end).toBe(true);
        if (isolated(doc, m)) {
          expect([r.start, r.end]).toEqual([m.start, m.end]);
          exact++;
        }
      }
    }
    expect(total).toBeGreaterThan(600);
    expect(exact).toBeGreaterThan(0.95 * total);
  });
});

/** No other mention of the document (any annotator) overlaps this one without having its span. */
function isolated(doc: Document, m: { start: number; end: number }): boolean {
  return doc.annotations.flatMap((a) => a.mentions).every((o) => (o.start === m.start && o.end === m.end) || o.end <= m.start || o.start >= m.end);
}

describe('mapping files', () => {
  it('are written 0600, encrypted or plain, also over an existing 0644 file', async () => {
    if (process.platform === 'win32') return;
    const encrypted = await sanitizeFile('modeE', docD, [[0, 14]]);
    expect(statSync(encrypted.mapping).mode & 0o777).toBe(0o600);
    const plainPath = join(temp.path, 'modeP.map');
    await writeFile(plainPath, 'old', { mode: 0o644 });
    const plain = await sanitizeFile('modeP', docD, [[0, 14]], ['--plain-mapping']);
    expect(plain.mapping).toBe(plainPath);
    expect(statSync(plainPath).mode & 0o777).toBe(0o600);
    expect(await readFile(plainPath, 'utf8')).toContain('"encrypted": false');
  });
});

describe('secrets', () => {
  it('a 63-digit hex key and a passphrase of spaces are refused with exit 2 and nothing written', async () => {
    const dir = temp.path;
    await writeFile(join(dir, 'k.txt'), docD);
    await writeFile(join(dir, 'k-spans.json'), JSON.stringify({ k: [[0, 14]] }));
    const cases: [string, string][] = [
      [`${keyHex.slice(1)}\n`, 'expected 64 hex digits, got 63'],
      [' '.repeat(12), 'the key is empty or only white space'],
    ];
    for (const [i, [secret, message]] of cases.entries()) {
      const keyFile = join(dir, `bad${i}.key`);
      await writeFile(keyFile, secret);
      const mapping = join(dir, `bad${i}.map`);
      const run = runCli(['sanitize', join(dir, 'k.txt'), '--spans', join(dir, 'k-spans.json'), '--mapping', mapping, '--key-file', keyFile, '--out', join(dir, `bad${i}.txt`)]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`${keyFile}: `);
      expect(run.stderr).toContain(message);
      expect(existsSync(mapping)).toBe(false);
      expect(existsSync(join(dir, `bad${i}.txt`))).toBe(false);
    }
  });
});
