import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, loadDataset, parseCorpus } from '../../src/corpus/index.ts';
import { registerSanitize } from '../../src/cli/commands/sanitize.ts';
import { runCli } from '../helpers/cli.ts';

let dir: string;
const keyHex = '9e'.repeat(32);
const letter = 'Dear Anna Berg, Oslo is nice. Anna Berg\n';

/** Runs sanitize/restore in-process (the spawned CLI is tested below): fast, errors as exceptions. */
async function sanitext(...args: string[]): Promise<void> {
  const program = new Command().exitOverride().option('--data-dir <dir>');
  registerSanitize(program);
  await program.parseAsync(['node', 'sanitext', ...args]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sanitext-mask-'));
  await writeFile(join(dir, 'key.hex'), `${keyHex}\n`);
  await writeFile(join(dir, 'wrong.hex'), `${'11'.repeat(32)}\n`);
  await writeFile(join(dir, 'letter.txt'), letter);
  await writeFile(join(dir, 'letter-spans.json'), JSON.stringify({ letter: [[5, 14], [16, 20], [30, 39]] }));
  await writeFile(
    join(dir, 'notes.jsonl'),
    [JSON.stringify({ id: 'n1', text: 'Call 😀 Anna at noon.' }), JSON.stringify({ id: 'n2', text: 'Anna called back.' })].join('\n') + '\n',
  );
  await writeFile(join(dir, 'notes-spans.json'), JSON.stringify({ n1: [[7, 11]], n2: [[0, 4]] }));
});

// The folder holds key files: never leave it in the OS temp dir.
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sanitext sanitize and restore (real CLI process)', () => {
  it('round-trips a text file through an encrypted mapping; a wrong key prints a clear error and writes nothing', async () => {
    const sanitized = join(dir, 'letter.san.txt');
    const mapping = join(dir, 'letter.map.json');
    const run = runCli(['sanitize', join(dir, 'letter.txt'), '--spans', join(dir, 'letter-spans.json'), '--mapping', mapping, '--out', sanitized, '--key-file', join(dir, 'key.hex')]);
    expect(run.status).toBe(0);
    expect(await readFile(sanitized, 'utf8')).toBe('Dear [ENTITY_1], [ENTITY_2] is nice. [ENTITY_1]\n');
    expect(await readFile(mapping, 'utf8')).not.toContain('Anna');

    const wrong = runCli(['restore', sanitized, '--mapping', mapping, '--key-file', join(dir, 'wrong.hex'), '--out', join(dir, 'wrong.txt')]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain(`${mapping}: wrong key: ${join(dir, 'wrong.hex')} does not decrypt this mapping`);
    expect(wrong.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(existsSync(join(dir, 'wrong.txt'))).toBe(false);

    const right = runCli(['restore', sanitized, '--mapping', mapping], { SANITEXT_MAPPING_KEY: keyHex });
    expect(right.status).toBe(0);
    expect(right.stdout).toBe(letter);
  });
});

describe('sanitize and restore commands', () => {
  it('reject a modified mapping file and write nothing', async () => {
    const mapping = join(dir, 'tamper.map.json');
    await sanitext('sanitize', join(dir, 'letter.txt'), '--spans', join(dir, 'letter-spans.json'), '--mapping', mapping, '--out', join(dir, 'tamper.txt'), '--key-file', join(dir, 'key.hex'));
    const envelope = JSON.parse(await readFile(mapping, 'utf8')) as { ciphertext: string };
    const bytes = Buffer.from(envelope.ciphertext, 'base64');
    bytes[0] ^= 0x80;
    await writeFile(mapping, JSON.stringify({ ...envelope, ciphertext: bytes.toString('base64') }));
    const out = join(dir, 'tamper.restored.txt');
    await expect(sanitext('restore', join(dir, 'tamper.txt'), '--mapping', mapping, '--key-file', join(dir, 'key.hex'), '--out', out)).rejects.toThrow(
      'the mapping file was modified: authentication failed',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('mask JSON lines with keyed tags (key from the environment) and restore them after the placeholders were damaged', async () => {
    const out = join(dir, 'notes.san.jsonl');
    const mapping = join(dir, 'notes.map.json');
    process.env.SANITEXT_MAPPING_KEY = keyHex;
    try {
      await sanitext('sanitize', join(dir, 'notes.jsonl'), '--strategy', 'keyed-tag', '--spans', join(dir, 'notes-spans.json'), '--mapping', mapping, '--out', out);
      const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { doc_id: string; text: string });
      const tag = /<ENTITY "([0-9a-f]{8})">/.exec(lines[0].text)?.[1];
      expect(lines.map((l) => l.text)).toEqual([`Call 😀 <ENTITY "${tag}"> at noon.`, `<ENTITY "${tag}"> called back.`]);
      const damaged = lines.map((l) => JSON.stringify({ doc_id: l.doc_id, text: l.text.replace(`<ENTITY "${tag}">`, `<entity '${tag}'`) })).join('\n');
      await writeFile(join(dir, 'notes.damaged.jsonl'), damaged);
      await sanitext('restore', join(dir, 'notes.damaged.jsonl'), '--mapping', mapping, '--out', join(dir, 'notes.restored.jsonl'));
      const restored = (await readFile(join(dir, 'notes.restored.jsonl'), 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
      expect(restored).toEqual(['Call 😀 Anna at noon.', 'Anna called back.']);
    } finally {
      delete process.env.SANITEXT_MAPPING_KEY;
    }
  });

  it('mask a TAB dataset with gold spans, keep its annotations on the new text, and restore it', async () => {
    const out = join(dir, 'sample.san.json');
    const mapping = join(dir, 'sample.map.json');
    await sanitext('sanitize', 'sample', '--strategy', 'numbered', '--mapping', mapping, '--plain-mapping', '--out', out);
    const sanitized = parseCorpus(JSON.parse(await readFile(out, 'utf8')), out);
    const original = await loadDataset('sample');
    expect(sanitized.documents.map((d) => d.id)).toEqual(original.documents.map((d) => d.id));
    for (const doc of sanitized.documents) {
      for (const m of doc.annotations[0].mentions) {
        if (m.identifierType !== 'NO_MASK') expect(m.spanText).toMatch(/^\[[A-Z]+_\d+\]$/);
      }
    }
    await sanitext('restore', out, '--mapping', mapping, '--out', join(dir, 'sample.restored.json'));
    const restored = JSON.parse(await readFile(join(dir, 'sample.restored.json'), 'utf8')) as { text: string }[];
    expect(restored.map((d) => d.text)).toEqual(original.documents.map((d) => d.text));
  });

  it('sanitize a folder of mixed files into another folder', async () => {
    const inDir = join(dir, 'folder');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(inDir, 'sub'), { recursive: true }));
    await writeFile(join(inDir, 'letter.txt'), letter);
    await writeFile(join(inDir, 'sub', 'notes.jsonl'), await readFile(join(dir, 'notes.jsonl'), 'utf8'));
    await writeFile(join(dir, 'all-spans.json'), JSON.stringify({ letter: [[5, 14]], n1: [[7, 11]], n2: [[0, 4]] }));
    await sanitext('sanitize', inDir, '--strategy', 'type-tag', '--spans', join(dir, 'all-spans.json'), '--out', join(dir, 'folder-out'));
    expect(await readFile(join(dir, 'folder-out', 'letter.txt'), 'utf8')).toBe('Dear [ENTITY], Oslo is nice. Anna Berg\n');
    expect(await readFile(join(dir, 'folder-out', 'sub', 'notes.jsonl'), 'utf8')).toBe(
      `${JSON.stringify({ doc_id: 'n1', text: 'Call 😀 [ENTITY] at noon.' })}\n${JSON.stringify({ doc_id: 'n2', text: '[ENTITY] called back.' })}\n`,
    );
  });

  it('use the recognizer for --spans detected', async () => {
    const out = join(dir, 'detected.txt');
    await sanitext('sanitize', join(dir, 'letter.txt'), '--spans', 'detected', '--strategy', 'type-tag', '--out', out);
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain('Anna Berg');
    expect(text).toContain('[PERSON]');
    expect(text).not.toContain('Oslo');
  });

  it('explain bad invocations', async () => {
    const letterFile = join(dir, 'letter.txt');
    const spans = join(dir, 'letter-spans.json');
    await expect(sanitext('sanitize', letterFile, '--spans', spans, '--strategy', 'keyed-tag')).rejects.toThrow(/strategy keyed-tag needs a secret key/);
    await expect(sanitext('sanitize', letterFile, '--spans', spans, '--mapping', join(dir, 'x.json'))).rejects.toThrow(/--mapping needs a key to encrypt it/);
    await expect(sanitext('sanitize', letterFile, '--spans', 'gold')).rejects.toThrow(/gold spans need documents with TAB annotations/);
    await expect(sanitext('sanitize', letterFile, '--spans', spans, '--strategy', 'blur')).rejects.toBeInstanceOf(InputError);
    await expect(sanitext('restore', letterFile, '--mapping', join(dir, 'none.json'))).rejects.toThrow(/mapping file not found/);
  });
});
