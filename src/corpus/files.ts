/** Reading and writing dataset and span files: the corpus module's I/O edge. */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from './errors.ts';
import { parseCorpus, parseSystemSpans, type SystemSpanNotes } from './parse.ts';
import type { Corpus, SystemSpans } from './types.ts';

/** Reads and parses a JSON file; every failure names the file. */
export async function readJsonFile(path: string): Promise<unknown> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError([{ file: path, message: code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(error)})` }]);
  }
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new InputError([{ file: path, message: `malformed JSON: ${(error as Error).message}` }]);
  }
}

export async function readCorpus(path: string, name = path): Promise<Corpus> {
  return parseCorpus(await readJsonFile(path), path, name);
}

export async function readSystemSpans(path: string, corpus: Corpus): Promise<{ spans: SystemSpans; notes: SystemSpanNotes }> {
  return parseSystemSpans(await readJsonFile(path), path, corpus);
}

export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(value, null, 2) + '\n', 'utf8');
}
