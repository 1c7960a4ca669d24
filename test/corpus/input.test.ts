import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InputError,
  readDocuments,
  readInputs,
  type InputProblem,
  type ReadDocument,
  type ReadOptions,
} from '../../src/corpus/index.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sanitext-input-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function all(input: string, options: ReadOptions = {}): Promise<ReadDocument[]> {
  const docs: ReadDocument[] = [];
  for await (const d of readDocuments(input, options)) docs.push(d);
  return docs;
}

async function* chunksOf(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
}

const line = (value: unknown): string => JSON.stringify(value) + '\n';

describe('readDocuments: every input kind', () => {
  it('reads a plain-text file as one document named after the file, keeping a byte-order mark', async () => {
    const path = join(dir, 'letter.txt');
    await writeFile(path, '\uFEFFDear Anna,\r\nbye\n');
    const [doc, ...rest] = await all(path);
    expect(rest).toEqual([]);
    expect(doc).toMatchObject({ id: 'letter', text: '\uFEFFDear Anna,\r\nbye\n', input: { kind: 'file', format: 'text', relativePath: 'letter.txt' } });
  });

  it('reads JSON lines with "doc_id" or "id", CRLF endings and a BOM; a line with annotations keeps its gold spans', async () => {
    const path = join(dir, 'notes.jsonl');
    const tab = { doc_id: 't1', text: 'Anna Berg', annotations: { a1: { entity_mentions: [{ entity_type: 'PERSON', entity_mention_id: 'm1', start_offset: 0, end_offset: 9, identifier_type: 'DIRECT', entity_id: 'e1' }] } } };
    await writeFile(path, '\uFEFF' + JSON.stringify({ doc_id: 'a', text: 'x' }) + '\r\n\n' + JSON.stringify({ id: 'b', text: 'y 😀' }) + '\r\n' + JSON.stringify(tab));
    const docs = await all(path);
    expect(docs.map((d) => [d.id, d.text, d.line])).toEqual([
      ['a', 'x', 1],
      ['b', 'y 😀', 3],
      ['t1', 'Anna Berg', 4],
    ]);
    expect(docs[2].source?.annotations[0].mentions[0]).toMatchObject({ start: 0, end: 9, identifierType: 'DIRECT' });
  });

  it('reads TAB JSON, masked-spans JSON and dataset names', async () => {
    const masked = join(dir, 'masked.json');
    await writeFile(masked, JSON.stringify([{ doc_id: 'm1', text: 'Anna Berg came', masked_spans: [[0, 9]] }]));
    const [m] = await all(masked);
    expect(m).toMatchObject({ id: 'm1', source: { goldKind: 'masked-spans' }, input: { format: 'tab' } });
    const sample = await all('sample');
    expect(sample.length).toBe(16);
    expect(sample[0].input).toMatchObject({ kind: 'dataset', relativePath: 'sample.json', format: 'tab' });
    expect(sample[0].source?.annotations.length).toBeGreaterThan(0);
  });

  it('reads standard input as text, or as JSON lines with format jsonl', async () => {
    const [text] = await all('-', { stdin: chunksOf('Anna ', 'Berg\n') });
    expect(text).toMatchObject({ id: 'stdin', text: 'Anna Berg\n', input: { kind: 'stdin' } });
    const lines = await all('-', { format: 'jsonl', stdin: chunksOf(line({ id: 'a', text: '1' }).slice(0, 7), line({ id: 'a', text: '1' }).slice(7) + line({ id: 'b', text: '2' })) });
    expect(lines.map((d) => d.id)).toEqual(['a', 'b']);
  });

  it('reads a folder recursively in code-unit order, skipping other extensions', async () => {
    const folder = join(dir, 'folder');
    await mkdir(join(folder, 'a'), { recursive: true });
    await writeFile(join(folder, 'b.txt'), 'b');
    await writeFile(join(folder, 'B.txt'), 'B');
    await writeFile(join(folder, 'a', 'z.jsonl'), line({ id: 'z1', text: 'z' }));
    await writeFile(join(folder, 'image.png'), 'not read');
    const docs = await all(folder);
    expect(docs.map((d) => d.input.relativePath)).toEqual(['B.txt', join('a', 'z.jsonl'), 'b.txt']);
    expect(docs.map((d) => d.id)).toEqual(['B', 'z1', 'b']);
  });

  it('streams JSON lines: the first document comes before the rest of the input is read', async () => {
    let chunksRead = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 1_000_000; i++) {
        chunksRead++;
        yield Buffer.from(line({ id: `d${i}`, text: 'x'.repeat(1000) }));
      }
    }
    const iterator = readDocuments('-', { format: 'jsonl', stdin: endless() })[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toMatchObject({ id: 'd0', line: 1 });
    expect(chunksRead).toBeLessThanOrEqual(2);
    await iterator.return?.(undefined);
  });
});

describe('readDocuments: non-text input is refused, never turned into U+FFFD', () => {
  it('refuses a binary file, naming it', async () => {
    const path = join(dir, 'program.txt');
    await writeFile(path, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x41]));
    await expect(all(path)).rejects.toThrow(`${path}: binary content (a NUL byte at byte 7), not text`);
  });

  it('refuses invalid UTF-8 with the byte offset', async () => {
    const path = join(dir, 'latin1.txt');
    await writeFile(path, Buffer.concat([Buffer.from('Zürich ok, '), Buffer.from([0x4d, 0xfc, 0x6e])]));
    await expect(all(path)).rejects.toThrow(`${path}: invalid UTF-8 at byte 13; convert the file to UTF-8`);
    const tab = join(dir, 'latin1.json');
    await writeFile(tab, Buffer.concat([Buffer.from('[{"doc_id": "x", "text": "M'), Buffer.from([0xfc]), Buffer.from('n", "annotations": {}}]')]));
    await expect(all(tab)).rejects.toThrow(`${tab}: invalid UTF-8 at byte 27`);
  });

  it('refuses a JSON-lines file that is binary from the start, whole', async () => {
    const path = join(dir, 'binary.jsonl');
    await writeFile(path, Buffer.from([0x00, 0x01, 0x0a, 0x7b, 0x7d, 0x0a]));
    await expect(all(path, { onProblem: () => undefined })).rejects.toThrow(`${path}: binary content (a NUL byte on line 1), not JSON lines`);
  });
});

describe('readDocuments: bad JSON-lines records', () => {
  const records = [
    line({ id: 'a', text: 'good 1' }),
    '{"id": "b", "text": \n',
    Buffer.concat([Buffer.from('{"id": "c", "text": "M'), Buffer.from([0xfc]), Buffer.from('ller"}\n')]),
    line({ id: 'a', text: 'duplicate' }),
    line({ id: 'd' }),
    line(['not', 'an', 'object']),
    line({ id: 'e', text: 'good 2' }),
  ];

  it('are reported by line and skipped with onProblem; the good lines are read', async () => {
    const path = join(dir, 'mixed.jsonl');
    await writeFile(path, Buffer.concat(records.map((r) => Buffer.from(r))));
    const problems: InputProblem[] = [];
    const docs = await all(path, { onProblem: (p) => problems.push(p) });
    expect(docs.map((d) => [d.id, d.text])).toEqual([
      ['a', 'good 1'],
      ['e', 'good 2'],
    ]);
    expect(problems.map((p) => `${p.file}|${p.message.replace(/ \(.*\)$/, '')}`)).toEqual([
      `${path}|line 2: malformed JSON`,
      `${path}|line 3: invalid UTF-8 at byte 22 of the line; convert the file to UTF-8`,
      `${path}|line 4: duplicate document id`,
      `${path}|line 5: needs a non-empty string "doc_id" (or "id") and a string "text"`,
      `${path}|line 6: expected a JSON object {"doc_id", "text"}`,
    ]);
  });

  it('are an InputError listing every bad line without onProblem (readInputs, as restore uses it)', async () => {
    const path = join(dir, 'mixed.jsonl');
    const error = await readInputs(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.message.slice(0, 7))).toEqual(['line 2:', 'line 3:', 'line 4:', 'line 5:', 'line 6:']);
  });
});
