/**
 * The one input reader: every command reads its documents here. An input is a plain-text file,
 * `-` (standard input), a JSON-lines file (`{"doc_id" | "id", "text"}` per line), a TAB JSON or
 * masked-spans JSON file, a dataset selector (`tab144:test`), or a folder of such files (read
 * recursively, in sorted order). `readDocuments` streams: JSON lines are read line by line and a
 * folder file by file, so memory stays bounded by the largest document (a TAB JSON file, being
 * one JSON value, is read whole). Non-text input (a NUL byte, invalid UTF-8) is refused with the
 * file and, for JSON lines, the line; bytes are never replaced by U+FFFD.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { InputError, describeJsonSyntaxError, type InputProblem } from './errors.ts';
import { BINARY_SNIFF_BYTES, decodeUtf8, readCorpus, readFailure, readTextFile } from './files.ts';
import { parseCorpus } from './parse.ts';
import { loadDataset, resolveDataRoot, resolveDataset } from './registry.ts';
import type { Corpus, Document } from './types.ts';

export type DocumentFormat = 'text' | 'jsonl' | 'tab';
export const DOCUMENT_FORMATS: readonly DocumentFormat[] = ['text', 'jsonl', 'tab'];

/** The input name that means standard input. */
export const STDIN_INPUT = '-';
/** How messages name standard input. */
const STDIN_LABEL = '(standard input)';

/** A document to process; `source` is the TAB document when the input had annotations. */
export interface InputDocument {
  id: string;
  text: string;
  source?: Document;
}

/** One unit of input: a file, standard input, or a dataset. */
export interface InputSource {
  kind: 'file' | 'stdin' | 'dataset';
  /** The file read, `-`, or the dataset selector. */
  path: string;
  /** Where its output goes relative to an output folder (the path below the input folder). */
  relativePath: string;
  format: DocumentFormat;
}

/** A document as streamed by readDocuments: where it came from, and its line for JSON lines. */
export interface ReadDocument extends InputDocument {
  input: InputSource;
  line?: number;
}

/** An input read eagerly: the source and all its documents. */
export interface InputFile extends InputSource {
  documents: InputDocument[];
}

export interface ReadOptions {
  /** Root for dataset names (default: `--data-dir`'s fallbacks, see resolveDataRoot). */
  dataRoot?: string;
  /** Format of a single file or of standard input, overriding its extension (default: text for stdin). */
  format?: DocumentFormat;
  /**
   * A bad JSON-lines record (malformed, missing fields, duplicate id, not UTF-8) is passed here and
   * skipped; without a handler it is an InputError. Whole-file problems always throw.
   */
  onProblem?: (problem: InputProblem) => void;
  /** Standard input (for tests); default process.stdin. */
  stdin?: AsyncIterable<Uint8Array>;
}

const EXTENSIONS: Record<string, DocumentFormat> = { '.txt': 'text', '.text': 'text', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'tab' };

/** The format a file name implies (anything unknown is plain text). */
export function formatOfPath(path: string): DocumentFormat {
  return EXTENSIONS[extname(path).toLowerCase()] ?? 'text';
}

export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/**
 * How many bytes the sources hold on disk (a dataset: its whole file, an upper bound for a split), or
 * undefined when that cannot be known before reading (standard input, a file gone since listing).
 */
export function inputBytes(sources: readonly InputSource[], dataRoot = resolveDataRoot()): number | undefined {
  let total = 0;
  for (const source of sources) {
    if (source.kind === 'stdin') return undefined;
    const path = source.kind === 'dataset' ? resolveDataset(source.path, dataRoot).path : source.path;
    try {
      total += statSync(path).size;
    } catch {
      return undefined;
    }
  }
  return total;
}

/** The sources an input names, without reading them: for a folder every .txt/.jsonl/.json below it. */
export async function listInputs(input: string, options: ReadOptions = {}): Promise<InputSource[]> {
  if (input === STDIN_INPUT) return [{ kind: 'stdin', path: STDIN_INPUT, relativePath: `stdin${extensionOf(options.format ?? 'text')}`, format: options.format ?? 'text' }];
  if (isDirectory(input)) {
    const files = (await listFiles(input)).filter((f) => extname(f).toLowerCase() in EXTENSIONS);
    if (files.length === 0) throw new InputError([{ file: input, message: 'no .txt, .jsonl or .json files in this folder' }]);
    return files.map((f) => ({ kind: 'file', path: f, relativePath: relative(input, f), format: formatOfPath(f) }));
  }
  if (existsSync(input)) return [{ kind: 'file', path: input, relativePath: basename(input), format: options.format ?? formatOfPath(input) }];
  const dataset = resolveDataset(input, options.dataRoot ?? resolveDataRoot());
  const name = [basename(dataset.name, '.json'), dataset.split].filter(Boolean).join('_');
  return [{ kind: 'dataset', path: input, relativePath: `${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.json`, format: 'tab' }];
}

/** The file extension written for a format. */
export function extensionOf(format: DocumentFormat): string {
  return format === 'text' ? '.txt' : format === 'jsonl' ? '.jsonl' : '.json';
}

/** Every document of an input, streamed in order. */
export async function* readDocuments(input: string, options: ReadOptions = {}): AsyncGenerator<ReadDocument> {
  for (const source of await listInputs(input, options)) yield* readSource(source, options);
}

/** The documents of one source, streamed. */
export async function* readSource(source: InputSource, options: ReadOptions = {}): AsyncGenerator<ReadDocument> {
  if (source.kind === 'dataset') {
    yield* corpusDocuments(await loadDataset(source.path, options.dataRoot ?? resolveDataRoot()), source);
    return;
  }
  const stdin = source.kind === 'stdin';
  const label = stdin ? STDIN_LABEL : source.path;
  if (source.format === 'jsonl') {
    yield* readJsonLines(stdin ? (options.stdin ?? process.stdin) : fileChunks(source.path), source, options.onProblem);
    return;
  }
  if (source.format === 'tab') {
    const corpus = stdin ? parseCorpus(parseJson(await collect(options.stdin ?? process.stdin), label), label) : await readCorpus(label);
    yield* corpusDocuments(corpus, source);
    return;
  }
  const text = stdin ? decodeUtf8(await collect(options.stdin ?? process.stdin), { file: label }) : await readTextFile(source.path);
  yield { id: stdin ? 'stdin' : basename(source.path, extname(source.path)), text, input: source };
}

/** Reads every document, grouped by source (for callers that need whole files). */
export async function readInputs(input: string, options: ReadOptions | string = {}): Promise<InputFile[]> {
  const opts = typeof options === 'string' ? { dataRoot: options } : options;
  const files: InputFile[] = [];
  for (const source of await listInputs(input, opts)) {
    const documents: InputDocument[] = [];
    for await (const d of readSource(source, opts)) documents.push({ id: d.id, text: d.text, ...(d.source ? { source: d.source } : {}) });
    files.push({ ...source, documents });
  }
  return files;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  // Code-unit order, not the locale's: the same folder is read in the same order everywhere.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const nested = await Promise.all(entries.map(async (e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [])));
  return nested.flat();
}

function* corpusDocuments(corpus: Corpus, input: InputSource): Generator<ReadDocument> {
  for (const d of corpus.documents) yield { id: d.id, text: d.text, source: d, input };
}

async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) yield chunk as Buffer;
  } catch (error) {
    throw new InputError([{ file: path, message: readFailure(error) }]);
  }
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function parseJson(bytes: Buffer, file: string): unknown {
  const text = decodeUtf8(bytes, { file }, { stripBom: true });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError([{ file, message: `malformed JSON: ${describeJsonSyntaxError(error, text)}` }]);
  }
}

/** Splits a byte stream into lines (LF; a CR before it is dropped), with 1-based numbers and byte offsets. */
async function* byteLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<{ bytes: Buffer; line: number; offset: number }> {
  let parts: Buffer[] = [];
  let line = 1;
  let offset = 0;
  let lineStart = 0;
  for await (const raw of chunks) {
    const chunk = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      parts.push(chunk.subarray(start, newline));
      yield { bytes: withoutCr(Buffer.concat(parts)), line: line++, offset: lineStart };
      parts = [];
      start = newline + 1;
      lineStart = offset + start;
    }
    if (start < chunk.length) parts.push(chunk.subarray(start));
    offset += chunk.length;
  }
  if (parts.length > 0) yield { bytes: withoutCr(Buffer.concat(parts)), line, offset: lineStart };
}

function withoutCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.subarray(0, bytes.length - 1) : bytes;
}

/** JSON lines, one record per line; bad records go to onProblem (skipped) or throw. */
async function* readJsonLines(chunks: AsyncIterable<Uint8Array>, input: InputSource, onProblem: ReadOptions['onProblem']): AsyncGenerator<ReadDocument> {
  const file = input.kind === 'stdin' ? STDIN_LABEL : input.path;
  const seen = new Set<string>();
  const problems: InputProblem[] = [];
  const report = onProblem ?? ((p: InputProblem) => problems.push(p));
  for await (const { bytes, line, offset } of byteLines(chunks)) {
    // A NUL near the start means a binary file: refuse it whole rather than report every line.
    if (offset < BINARY_SNIFF_BYTES && bytes.subarray(0, BINARY_SNIFF_BYTES - offset).includes(0)) {
      throw new InputError([{ file, message: `binary content (a NUL byte on line ${line}), not JSON lines` }]);
    }
    let text: string;
    try {
      text = decodeUtf8(bytes, { file, line }, { stripBom: line === 1 });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      error.problems.forEach(report);
      continue;
    }
    if (text.trim() === '') continue;
    const parsed = parseJsonLine(text, file, line, seen);
    if ('problems' in parsed) parsed.problems.forEach(report);
    else yield { ...parsed.document, input, line };
  }
  if (problems.length > 0) throw new InputError(problems);
}

/** One JSON-lines record → a document, or the problems that make it unusable. */
function parseJsonLine(line: string, file: string, lineNumber: number, seen: Set<string>): { document: InputDocument } | { problems: InputProblem[] } {
  const where = `line ${lineNumber}`;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { problems: [{ file, message: `${where}: malformed JSON (${describeJsonSyntaxError(error, line)})` }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problems: [{ file, message: `${where}: expected a JSON object {"doc_id", "text"}` }] };
  }
  const record = value as Record<string, unknown>;
  const id = typeof record.doc_id === 'string' ? record.doc_id : typeof record.id === 'string' ? record.id : undefined;
  if (id === undefined || id === '' || typeof record.text !== 'string') {
    return { problems: [{ file, message: `${where}: needs a non-empty string "doc_id" (or "id") and a string "text"` }] };
  }
  if (seen.has(id)) return { problems: [{ file, docId: id, message: `${where}: duplicate document id` }] };
  seen.add(id);
  if (record.annotations === undefined && record.masked_spans === undefined) return { document: { id, text: record.text } };
  // A line with TAB "annotations" or "masked_spans" is a TAB document, so its gold spans can be used.
  try {
    const [doc] = parseCorpus([{ ...record, doc_id: id }], `${file} ${where}`).documents;
    return { document: { id, text: doc.text, source: doc } };
  } catch (error) {
    if (error instanceof InputError) return { problems: error.problems };
    throw error;
  }
}

/** Parses a whole JSON-lines string; any bad record is an InputError (all of them listed). */
export function parseJsonLines(raw: string, file: string): InputDocument[] {
  const seen = new Set<string>();
  const problems: InputProblem[] = [];
  const documents: InputDocument[] = [];
  raw.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const parsed = parseJsonLine(line, file, index + 1, seen);
    if ('problems' in parsed) problems.push(...parsed.problems);
    else documents.push(parsed.document);
  });
  if (problems.length > 0) throw new InputError(problems);
  return documents;
}
