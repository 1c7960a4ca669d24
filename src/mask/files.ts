/**
 * The masking I/O edge: reading documents to sanitize or restore (plain text, JSON lines, TAB
 * JSON, a dataset name, or a folder of such files) and writing them back in the same formats.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import {
  InputError,
  documentToTabJson,
  loadDataset,
  parseCorpus,
  readCorpus,
  type Corpus,
  type Document,
  type InputProblem,
} from '../corpus/index.ts';
import type { OffsetMap } from './offset-map.ts';

export type DocumentFormat = 'text' | 'jsonl' | 'tab';
export const DOCUMENT_FORMATS: readonly DocumentFormat[] = ['text', 'jsonl', 'tab'];

/** A document to process; `source` is the TAB document when the input had annotations. */
export interface InputDocument {
  id: string;
  text: string;
  source?: Document;
}

export interface InputFile {
  /** The file read, or the dataset selector. */
  path: string;
  /** Path relative to the input folder (folder runs), used to place the output. */
  relativePath: string;
  format: DocumentFormat;
  documents: InputDocument[];
}

/** A processed document: its new text and, for TAB output, the map to move annotations. */
export interface OutputDocument {
  id: string;
  text: string;
  source?: Document;
  offsetMap?: OffsetMap;
}

const EXTENSIONS: Record<string, DocumentFormat> = { '.txt': 'text', '.text': 'text', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'tab' };

export function formatOfPath(path: string): DocumentFormat {
  return EXTENSIONS[extname(path).toLowerCase()] ?? 'text';
}

export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Reads a file, a folder (every .txt/.jsonl/.json below it, sorted) or a dataset selector. */
export async function readInputs(input: string, dataRoot: string): Promise<InputFile[]> {
  if (isDirectory(input)) {
    const files = (await listFiles(input)).filter((f) => extname(f).toLowerCase() in EXTENSIONS);
    if (files.length === 0) throw new InputError([{ file: input, message: 'no .txt, .jsonl or .json files in this folder' }]);
    return Promise.all(files.map((f) => readInputFile(f, relative(input, f))));
  }
  if (existsSync(input)) return [await readInputFile(input, basename(input))];
  const corpus = await loadDataset(input, dataRoot);
  return [{ path: input, relativePath: `${corpus.name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.json`, format: 'tab', documents: corpusDocuments(corpus) }];
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(async (e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [])),
  );
  return nested.flat();
}

async function readInputFile(path: string, relativePath: string): Promise<InputFile> {
  const format = formatOfPath(path);
  if (format === 'tab') return { path, relativePath, format, documents: corpusDocuments(await readCorpus(path)) };
  const raw = await readText(path);
  if (format === 'text') return { path, relativePath, format, documents: [{ id: basename(path, extname(path)), text: raw }] };
  return { path, relativePath, format, documents: parseJsonLines(raw, path) };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError([{ file: path, message: code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(error)})` }]);
  }
}

function corpusDocuments(corpus: Corpus): InputDocument[] {
  return corpus.documents.map((d) => ({ id: d.id, text: d.text, source: d }));
}

/**
 * JSON lines: `{"doc_id" (or "id"): …, "text": …}` per line; a line with TAB "annotations" or
 * "masked_spans" is read as a TAB document, so its gold spans can be used.
 */
export function parseJsonLines(raw: string, file: string): InputDocument[] {
  const problems: InputProblem[] = [];
  const documents: InputDocument[] = [];
  const seen = new Set<string>();
  raw.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push({ file, message: `${where}: malformed JSON (${(error as Error).message})` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ file, message: `${where}: expected a JSON object {"doc_id", "text"}` });
      return;
    }
    const record = value as Record<string, unknown>;
    const id = typeof record.doc_id === 'string' ? record.doc_id : typeof record.id === 'string' ? record.id : undefined;
    if (id === undefined || typeof record.text !== 'string') {
      problems.push({ file, message: `${where}: needs a string "doc_id" (or "id") and a string "text"` });
      return;
    }
    if (seen.has(id)) {
      problems.push({ file, docId: id, message: `${where}: duplicate document id` });
      return;
    }
    seen.add(id);
    if (record.annotations !== undefined || record.masked_spans !== undefined) {
      try {
        const [doc] = parseCorpus([{ ...record, doc_id: id }], `${file} ${where}`).documents;
        documents.push({ id, text: doc.text, source: doc });
      } catch (error) {
        if (error instanceof InputError) problems.push(...error.problems);
        else throw error;
      }
      return;
    }
    documents.push({ id, text: record.text });
  });
  if (problems.length > 0) throw new InputError(problems);
  return documents;
}

/** Output text of one input file in a format. A TAB document keeps its annotations, moved by the offset map. */
export function renderDocuments(documents: readonly OutputDocument[], format: DocumentFormat): string {
  if (format === 'text') return documents.map((d) => d.text).join('\n');
  if (format === 'jsonl') return documents.map((d) => JSON.stringify({ doc_id: d.id, text: d.text })).join('\n') + (documents.length > 0 ? '\n' : '');
  return JSON.stringify(documents.map(toTabJson), null, 2) + '\n';
}

function toTabJson(d: OutputDocument): Record<string, unknown> {
  if (!d.source) return { doc_id: d.id, text: d.text, annotations: {} };
  const map = d.offsetMap;
  const annotations = d.source.annotations.map((a) => ({
    ...a,
    mentions: a.mentions.map((m) => {
      const span = map ? map.outputSpan(m) : m;
      return { ...m, ...span, spanText: d.text.slice(span.start, span.end) };
    }),
  }));
  return documentToTabJson({ ...d.source, text: d.text, annotations });
}

/** Writes text to a file (creating folders) or, without a path, to stdout. */
export async function writeOutput(path: string | undefined, content: string): Promise<void> {
  if (path === undefined) {
    process.stdout.write(content);
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content, 'utf8');
}

/** Where one input file's output goes in a folder run: same relative path, extension of `format`. */
export function outputPathIn(outDir: string, input: InputFile, format: DocumentFormat): string {
  const extension = format === 'text' ? '.txt' : format === 'jsonl' ? '.jsonl' : '.json';
  const rel = input.relativePath;
  return join(outDir, rel.slice(0, rel.length - extname(rel).length) + extension);
}
