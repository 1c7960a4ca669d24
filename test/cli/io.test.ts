/**
 * The one input reader and the output rules, through the real CLI (issue 11, items 1, 5, 6, 10;
 * JSON lines with bad lines; `detect` on folders and JSON lines).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

let dir: string;
const line = (value: unknown): string => JSON.stringify(value) + '\n';
const noStack = /at .*\.ts:\d+/;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sanitext-io-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function filesUnder(folder: string): Promise<string[]> {
  return existsSync(folder) ? ((await readdir(folder, { recursive: true })) as string[]).sort() : [];
}

describe('item 1: sanitized TAB output carries nothing the text had to hide', () => {
  it('drops task and meta (the applicant\'s name) from the bundled sample', async () => {
    const out = join(dir, 'sample.san.json');
    const run = runCli(['sanitize', 'sample', '--out', out]);
    expect(run.status).toBe(0);
    const docs = JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>[];
    expect(docs.length).toBe(16);
    for (const d of docs) expect(Object.keys(d).sort()).toEqual(['annotations', 'dataset_type', 'doc_id', 'text']);
    const content = await readFile(out, 'utf8');
    for (const applicant of ['Jørgen Haldorsen Vik', 'Şükrü Dağdeviren', 'Élodie Marchetti-Roux']) expect(content).not.toContain(applicant);
  });

  const data = process.env.SANITEXT_DATA_DIR;
  it.skipIf(!data)('keeps no applicant name and no task in tab144:test and wiki-test', async () => {
    const tab = JSON.parse(await readFile(join(data!, 'tab', 'tab144.json'), 'utf8')) as { dataset_type: string; meta: { applicant: string } }[];
    const applicants = tab.filter((d) => d.dataset_type === 'test').map((d) => d.meta.applicant);
    for (const [dataset, count] of [['tab144:test', 31], ['wiki-test', 100]] as const) {
      const out = join(dir, `${dataset.replace(':', '_')}.json`);
      const run = runCli(['sanitize', dataset, '--out', out]);
      expect(run.status, run.stderr).toBe(0);
      const docs = JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>[];
      expect(docs.length).toBe(count);
      expect(docs.filter((d) => 'task' in d || 'meta' in d)).toEqual([]);
      if (dataset === 'tab144:test') expect(applicants.filter((name) => (docs as { text: string }[]).some((d) => JSON.stringify(d).includes(name)))).toEqual([]);
    }
  }, 120_000);
});

describe('item 6: binary files and invalid UTF-8 are refused, naming the file (and line)', () => {
  it('refuses a binary file in sanitize and detect, writing nothing', async () => {
    const binary = join(dir, 'program.txt');
    await writeFile(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x41, 0x6e, 0x6e, 0x61]));
    const out = join(dir, 'program.san.txt');
    const sanitized = runCli(['sanitize', binary, '--spans', 'detected', '--layers', 'rules', '--out', out]);
    expect(sanitized.status).toBe(2);
    expect(sanitized.stderr).toContain(`${binary}: binary content (a NUL byte at byte 7), not text`);
    expect(existsSync(out)).toBe(false);
    const detected = runCli(['detect', binary, '--layers', 'rules']);
    expect(detected.status).toBe(2);
    expect(detected.stderr).toContain(`${binary}: binary content`);
  });

  it('refuses invalid UTF-8 instead of turning it into U+FFFD', async () => {
    const latin1 = join(dir, 'latin1.txt');
    await writeFile(latin1, Buffer.from('Herr M\xfcller', 'latin1'));
    const run = runCli(['sanitize', latin1, '--spans', 'detected', '--layers', 'rules']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${latin1}: invalid UTF-8 at byte 6; convert the file to UTF-8`);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(noStack);
  });
});

describe('JSON lines with bad lines: good documents written, each bad line listed, exit 2', () => {
  it('sanitize writes the good documents and their mapping, lists file:line, says so in the summary', async () => {
    const input = join(dir, 'mixed.jsonl');
    await writeFile(
      input,
      Buffer.concat([
        Buffer.from(line({ id: 'a', text: 'Anna Berg wrote.' })),
        Buffer.from('{"id": "b", "text": \n'),
        Buffer.from('{"id": "c", "text": "M\xfcller"}\n', 'latin1'),
        Buffer.from(line({ id: 'd', text: 'Anna Berg again.' })),
      ]),
    );
    await writeFile(join(dir, 'mixed-spans.json'), JSON.stringify({ a: [[0, 9]], d: [[0, 9]] }));
    const out = join(dir, 'mixed.san.jsonl');
    const mapping = join(dir, 'mixed.map.json');
    const run = runCli(['sanitize', input, '--spans', join(dir, 'mixed-spans.json'), '--out', out, '--mapping', mapping, '--plain-mapping']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${input}: line 2: malformed JSON`);
    expect(run.stderr).toContain(`${input}: line 3: invalid UTF-8 at byte 22 of the line`);
    expect(run.stderr).toMatch(/sanitized 2 document\(s\).*; 2 bad record\(s\) skipped \(listed above\), exit status 2/);
    expect(await readFile(out, 'utf8')).toBe(line({ doc_id: 'a', text: '[ENTITY_1] wrote.' }) + line({ doc_id: 'd', text: '[ENTITY_1] again.' }));
    expect(Object.keys((JSON.parse(await readFile(mapping, 'utf8')) as { mapping: { documents: object } }).mapping.documents)).toEqual(['a', 'd']);
  });

  it('a file with no good line writes nothing', async () => {
    const input = join(dir, 'all-bad.jsonl');
    await writeFile(input, '{"id": 1}\nnot json\n');
    const out = join(dir, 'all-bad.san.jsonl');
    const run = runCli(['sanitize', input, '--spans', 'detected', '--layers', 'rules', '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${input}: line 1: needs a non-empty string "doc_id"`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('detect reads what sanitize reads', () => {
  it('detects in a folder (was EISDIR) and in JSON lines, one document per line (was one text)', async () => {
    const folder = join(dir, 'detect-in');
    await mkdir(join(folder, 'sub'), { recursive: true });
    await writeFile(join(folder, 'letter.txt'), 'write to anna.berg@example.com today.');
    await writeFile(join(folder, 'sub', 'notes.jsonl'), line({ id: 'n1', text: 'mail jan@example.org.' }) + line({ doc_id: 'n2', text: 'nothing here.' }));
    const run = runCli(['detect', folder, '--layers', 'rules', '--format', 'spans', '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ letter: [[9, 30]], n1: [[5, 20]], n2: [] });
    const out = join(dir, 'detect-out.json');
    const tab = runCli(['detect', join(folder, 'sub', 'notes.jsonl'), '--layers', 'rules', '--out', out]);
    expect(tab.status, tab.stderr).toBe(0);
    expect(tab.stdout).toContain('2 document(s), layers rules');
    const docs = JSON.parse(await readFile(out, 'utf8')) as { doc_id: string; annotations: { sanitext: { entity_mentions: { span_text: string }[] } } }[];
    expect(docs.map((d) => [d.doc_id, d.annotations.sanitext.entity_mentions.map((m) => m.span_text)])).toEqual([
      ['n1', ['jan@example.org']],
      ['n2', []],
    ]);
  });

  it('reads standard input with -', () => {
    const bin = fileURLToPath(new URL('../../bin/sanitext.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [bin, 'detect', '-', '--from', 'jsonl', '--layers', 'rules', '--format', 'spans', '--json'], {
      input: line({ id: 's1', text: 'mail jan@example.org.' }),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ s1: [[5, 20]] });
  });
});

describe('item 5: output files never overwrite each other or the inputs', () => {
  it('gives the ids a/b, a_b, a b and a:b four files with --to text', async () => {
    const input = join(dir, 'ids.jsonl');
    const ids = ['a/b', 'a_b', 'a b', 'a:b'];
    const words = ['alpha', 'beta', 'gamma', 'delta'];
    await writeFile(input, ids.map((id, i) => line({ id, text: words[i] })).join(''));
    const out = join(dir, 'ids-out');
    const run = runCli(['sanitize', input, '--spans', 'detected', '--layers', 'rules', '--to', 'text', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    const names = await filesUnder(out);
    expect(names.length).toBe(4);
    expect(names).toContain('a_b.txt');
    const texts = await Promise.all(names.map((n) => readFile(join(out, n), 'utf8')));
    expect(texts.sort()).toEqual([...words].sort());
  });

  it('keeps note.txt and note.jsonl of one folder apart', async () => {
    const folder = join(dir, 'notes-in');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'note.txt'), 'plain note');
    await writeFile(join(folder, 'note.jsonl'), line({ id: 'j1', text: 'json note' }));
    const out = join(dir, 'notes-out');
    const run = runCli(['sanitize', folder, '--spans', 'detected', '--layers', 'rules', '--to', 'jsonl', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    expect(await filesUnder(out)).toEqual(['note.jsonl', 'note.txt.jsonl']);
    expect(await readFile(join(out, 'note.txt.jsonl'), 'utf8')).toBe(line({ doc_id: 'note', text: 'plain note' }));
    expect(await readFile(join(out, 'note.jsonl'), 'utf8')).toBe(line({ doc_id: 'j1', text: 'json note' }));
  });

  it('refuses --out equal to the input folder, inside it, or equal to the input file; the originals stay', async () => {
    const folder = join(dir, 'originals');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'letter.txt'), 'write to anna.berg@example.com today.');
    for (const [input, out] of [
      [folder, folder],
      [folder, join(folder, 'masked')],
      [join(folder, 'letter.txt'), join(folder, 'letter.txt')],
    ]) {
      const run = runCli(['sanitize', input, '--spans', 'detected', '--layers', 'rules', '--out', out]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/--out .* (is an input file|is inside the input folder)/);
    }
    const mappingRun = runCli(['sanitize', join(folder, 'letter.txt'), '--spans', 'detected', '--layers', 'rules', '--mapping', join(folder, 'letter.txt'), '--plain-mapping']);
    expect(mappingRun.status).toBe(2);
    expect(mappingRun.stderr).toContain('--mapping');
    expect(await filesUnder(folder)).toEqual(['letter.txt']);
    expect(await readFile(join(folder, 'letter.txt'), 'utf8')).toBe('write to anna.berg@example.com today.');
  });
});

describe('item 10: a run writes everything or nothing', () => {
  it('writes a document with a 300-character id under a shortened, hashed name', async () => {
    const input = join(dir, 'long.jsonl');
    const longId = 'x'.repeat(300);
    await writeFile(input, line({ id: longId, text: 'first' }) + line({ id: 'short', text: 'second' }));
    const out = join(dir, 'long-out');
    const mapping = join(dir, 'long.map.json');
    const run = runCli(['sanitize', input, '--spans', 'detected', '--layers', 'rules', '--to', 'text', '--out', out, '--mapping', mapping, '--plain-mapping']);
    expect(run.status, run.stderr).toBe(0);
    const names = await filesUnder(out);
    expect(names).toContain('short.txt');
    expect(names.length).toBe(2);
    for (const n of names) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(255);
    // The mapping holds the originals (here in clear): only its owner may read it.
    expect((await stat(mapping)).mode & 0o777).toBe(0o600);
  });

  it('a failed write leaves no mapping and no text, and says what failed in one line', async () => {
    const input = join(dir, 'two.jsonl');
    await writeFile(input, line({ id: 'one', text: 'first' }) + line({ id: 'two', text: 'second' }));
    // Several texts go to a folder named after --out: a file of that name is in the way.
    await writeFile(join(dir, 'blocked'), 'a file, not a folder');
    const mapping = join(dir, 'blocked.map.json');
    const run = runCli(['sanitize', input, '--spans', 'detected', '--layers', 'rules', '--to', 'text', '--out', join(dir, 'blocked.txt'), '--mapping', mapping, '--plain-mapping']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`cannot write ${join(dir, 'blocked', 'one.txt')}`);
    expect(run.stderr.trim().split('\n').length).toBe(1);
    expect(existsSync(mapping)).toBe(false);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
