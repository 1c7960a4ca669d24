import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InputError,
  StagedWrites,
  boundedFileName,
  jsonArrayChunk,
  jsonCollectionEnd,
  jsonObjectChunk,
  loadDataset,
  safeFileName,
  type InputSource,
} from '../../src/corpus/index.ts';
import { OutputSession, checkOutputsAgainstInputs, outputPathIn, planOutputPaths, renderDocuments, type OutputDocument } from '../../src/mask/index.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sanitext-output-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const source = (relativePath: string, format: InputSource['format']): InputSource => ({ kind: 'file', path: relativePath, relativePath, format });

describe('output names never collide', () => {
  it('keeps a plain id, and gives ids that escape to the same name distinct hashed names', () => {
    expect(safeFileName('001-61807', '.txt')).toBe('001-61807.txt');
    const names = ['a/b', 'a_b', 'a b', 'a:b', '..', '.hidden', 'a\\b'].map((id) => safeFileName(id, '.txt'));
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toMatch(/^a_b-[0-9a-f]{10}\.txt$/);
    expect(names[4]).toMatch(/^doc-[0-9a-f]{10}\.txt$/);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]*\.txt$/);
  });

  it('cuts long ids and long file names to a safe length, with a hash that keeps them apart', () => {
    const a = safeFileName('x'.repeat(300) + 'a', '.txt');
    const b = safeFileName('x'.repeat(300) + 'b', '.txt');
    expect(a).not.toBe(b);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(200);
    const long = boundedFileName('ü'.repeat(200) + '.jsonl');
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200);
    expect(long).toMatch(/-[0-9a-f]{10}\.jsonl$/);
  });

  it('appends the output extension when the format changes, so note.txt and note.jsonl stay apart', () => {
    expect(outputPathIn('out', source('note.txt', 'text'), 'jsonl')).toBe(join('out', 'note.txt.jsonl'));
    expect(outputPathIn('out', source('note.jsonl', 'jsonl'), 'jsonl')).toBe(join('out', 'note.jsonl'));
    expect(outputPathIn('out', source(join('sub', 'n.ndjson'), 'jsonl'), 'jsonl')).toBe(join('out', 'sub', 'n.ndjson'));
    expect(outputPathIn('out', source('README', 'text'), 'text')).toBe(join('out', 'README.txt'));
  });

  it('separates inputs whose output names differ only in case', () => {
    const paths = planOutputPaths('out', [source('A.txt', 'text'), source('a.txt', 'text')], undefined);
    expect(paths[0]).toBe(join('out', 'A.txt'));
    expect(paths[1]).toMatch(/a-[0-9a-f]{10}\.txt$/);
  });
});

describe('outputs never overwrite inputs', () => {
  it('refuses an output equal to an input file (also through a symlink) or inside the input folder', async () => {
    const inDir = join(dir, 'in');
    await mkdir(inDir, { recursive: true });
    await writeFile(join(inDir, 'a.txt'), 'a');
    await symlink(inDir, join(dir, 'link'));
    const check = (path: string): void => checkOutputsAgainstInputs([{ option: '--out', path }], { folder: inDir, files: [join(inDir, 'a.txt')] });
    expect(() => check(join(dir, 'link', 'a.txt'))).toThrow(/--out .*a\.txt is an input file/);
    expect(() => check(inDir)).toThrow(InputError);
    expect(() => check(join(inDir, 'new', 'x.txt'))).toThrow(/is inside the input folder/);
    expect(() => check(join(dir, 'in-out'))).not.toThrow();
  });
});

describe('staged writes', () => {
  it('leave nothing behind on abort: no file, no temporary file, no folder they created', async () => {
    const staged = new StagedWrites();
    await staged.write(join(dir, 'staged', 'deep', 'a.txt'), 'a');
    await staged.write(join(dir, 'b.txt'), 'b');
    await staged.abort();
    expect(existsSync(join(dir, 'staged'))).toBe(false);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp') || n === 'b.txt')).toEqual([]);
  });

  it('appear only on commit, with the requested mode', async () => {
    const staged = new StagedWrites();
    const path = join(dir, 'secret.json');
    await staged.write(path, '{}', { mode: 0o600 });
    expect(existsSync(path)).toBe(false);
    await staged.commit();
    expect(await readFile(path, 'utf8')).toBe('{}');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('turn a failed write into one message naming the target', async () => {
    await writeFile(join(dir, 'blocker'), 'a file where a folder should be');
    const staged = new StagedWrites();
    await expect(staged.write(join(dir, 'blocker', 'x.txt'), 'x')).rejects.toThrow(`cannot write ${join(dir, 'blocker', 'x.txt')}: a file is in the way of a folder of that path; nothing was written`);
    await staged.abort();
  });
});

describe('streamed output equals the whole-file rendering', () => {
  it('JSON lists and objects, piece by piece, equal JSON.stringify(…, null, 2)', () => {
    const values = [{ a: [1, [2, 3]], b: 'x\ny' }, [], 'z', { nested: { deep: [{}] } }];
    for (let n = 0; n <= values.length; n++) {
      const list = values.slice(0, n);
      expect(list.map((v, i) => jsonArrayChunk(i, v)).join('') + jsonCollectionEnd(n, 'array')).toBe(JSON.stringify(list, null, 2));
      const object = Object.fromEntries(list.map((v, i) => [`k"${i}`, v]));
      expect(list.map((v, i) => jsonObjectChunk(i, `k"${i}`, v)).join('') + jsonCollectionEnd(n, 'object')).toBe(JSON.stringify(object, null, 2));
    }
  });

  it('a TAB file written document by document equals renderDocuments', async () => {
    const corpus = await loadDataset('sample');
    const docs: OutputDocument[] = corpus.documents.slice(0, 3).map((d) => ({ id: d.id, text: d.text, source: d }));
    const session = new OutputSession();
    for (const format of ['tab', 'jsonl'] as const) {
      const writer = session.writer(join(dir, `streamed.${format}`), format, 'test');
      for (const d of docs) await writer.add(d);
      await writer.close();
    }
    await session.commit();
    expect(await readFile(join(dir, 'streamed.tab'), 'utf8')).toBe(renderDocuments(docs, 'tab'));
    expect(await readFile(join(dir, 'streamed.jsonl'), 'utf8')).toBe(renderDocuments(docs, 'jsonl'));
  });

  it('a sanitized TAB document keeps no task and no meta (they name the applicant)', () => {
    const doc = { id: 'd', text: '[PERSON_1] applied.', goldKind: 'tab' as const, split: 'test', task: 'anonymise the following person: Anna Berg', meta: { applicant: 'Anna Berg', year: 2001 }, annotations: [] };
    const json = JSON.parse(renderDocuments([{ id: 'd', text: doc.text, source: doc }], 'tab')) as Record<string, unknown>[];
    expect(Object.keys(json[0]).sort()).toEqual(['annotations', 'dataset_type', 'doc_id', 'text']);
    expect(JSON.stringify(json)).not.toContain('Anna');
  });
});
