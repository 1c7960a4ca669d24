/**
 * Reading and writing dataset and span files: the corpus module's I/O edge. Text is decoded
 * strictly (invalid UTF-8 and binary files are refused, never turned into U+FFFD) and every file
 * is written atomically (a temporary name in the same folder, renamed when complete).
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readdir, readFile, rename, rm, rmdir, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError, describeJsonSyntaxError } from './errors.ts';
import { parseCorpus, parseSystemSpans, type SystemSpanNotes } from './parse.ts';
import type { Corpus, SystemSpans } from './types.ts';

/** Where a decoding problem is, for the message: the file and, for JSON lines, the line. */
export interface TextLocation {
  file: string;
  line?: number;
}

/** Bytes of a NUL-free prefix checked for binary content (as git does). */
export const BINARY_SNIFF_BYTES = 8000;

/**
 * UTF-8 bytes → string, refusing what is not text: a NUL byte (binary) or invalid UTF-8 (the
 * message gives the byte offset). A leading byte-order mark is kept unless `stripBom`.
 */
export function decodeUtf8(bytes: Uint8Array, where: TextLocation, { stripBom = false } = {}): string {
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new InputError([{ file: where.file, message: `${lineOf(where)}binary content (a NUL byte at byte ${nul}), not text` }]);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: !stripBom }).decode(bytes);
  } catch {
    throw new InputError([{ file: where.file, message: `${lineOf(where)}invalid UTF-8 at byte ${firstInvalidByte(bytes)}${where.line === undefined ? '' : ' of the line'}; convert the file to UTF-8` }]);
  }
}

function lineOf(where: TextLocation): string {
  return where.line === undefined ? '' : `line ${where.line}: `;
}

/** Offset of the first byte that makes the UTF-8 prefix invalid (streaming decode is monotone). */
function firstInvalidByte(bytes: Uint8Array): number {
  let valid = 0;
  let invalid = bytes.length;
  while (invalid - valid > 1) {
    const middle = (valid + invalid) >>> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      valid = middle;
    } catch {
      invalid = middle;
    }
  }
  return valid;
}

/** Reads a file's bytes; a missing or unreadable file (or a folder) is an InputError naming it. */
export async function readFileBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new InputError([{ file: path, message: readFailure(error) }]);
  }
}

export function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return `cannot read file (${code ?? String(error)})`;
}

/** Reads a UTF-8 text file strictly (see decodeUtf8). */
export async function readTextFile(path: string, options: { stripBom?: boolean } = {}): Promise<string> {
  return decodeUtf8(await readFileBytes(path), { file: path }, options);
}

/** Reads and parses a JSON file; every failure names the file. */
export async function readJsonFile(path: string): Promise<unknown> {
  const raw = await readTextFile(path, { stripBom: true });
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new InputError([{ file: path, message: `malformed JSON: ${describeJsonSyntaxError(error, raw)}` }]);
  }
}

/**
 * Reads and parses a config file, YAML or JSON (YAML is a superset of JSON: one parser reads both);
 * every failure names the file. The one reader of pipeline, experiment, evaluation and train configs.
 */
export async function readConfigFile(path: string): Promise<unknown> {
  const raw = await readTextFile(path, { stripBom: true });
  try {
    return parseYaml(raw);
  } catch (error) {
    throw new InputError([{ file: path, message: `not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}` }]);
  }
}

export async function readCorpus(path: string, name = path): Promise<Corpus> {
  return parseCorpus(await readJsonFile(path), path, name);
}

export async function readSystemSpans(path: string, corpus: Corpus): Promise<{ spans: SystemSpans; notes: SystemSpanNotes }> {
  return parseSystemSpans(await readJsonFile(path), path, corpus);
}

export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

export interface WriteOptions {
  /** File mode, e.g. 0o600 for files that hold secrets. */
  mode?: number;
}

/** Writes a whole file atomically: readers see the old file or the new one, never a part. */
export async function writeFileAtomic(path: string, content: string, options: WriteOptions = {}): Promise<void> {
  const staged = new StagedWrites();
  try {
    await staged.write(path, content, options);
    await staged.commit();
  } catch (error) {
    await staged.abort();
    throw error;
  }
}

/** A file being written under a temporary name; content is appended in pieces (bounded memory). */
export interface StagedFile {
  readonly path: string;
  append(content: string): Promise<void>;
}

/**
 * A set of files written under temporary names in their target folders and renamed into place
 * together by commit(); abort() removes the temporary files and the folders it created, so a run
 * that fails leaves nothing behind.
 */
export class StagedWrites {
  private readonly files: { path: string; temp: string; handle?: FileHandle; mode?: number }[] = [];
  private readonly createdFolders: string[] = [];
  private readonly targets = new Set<string>();

  /** Opens a staged file; its content is appended, and it appears at `path` on commit. */
  async open(path: string, options: WriteOptions = {}): Promise<StagedFile> {
    if (this.targets.has(path)) throw new Error(`internal: ${path} is written twice in one run`);
    this.targets.add(path);
    const folder = dirname(path);
    // A short temporary name in the same folder: rename is atomic, and long targets still fit.
    const temp = join(folder, `.sanitext-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    const entry: (typeof this.files)[number] = { path, temp, mode: options.mode };
    try {
      const created = await mkdir(folder, { recursive: true });
      if (created !== undefined) this.createdFolders.push(created);
      entry.handle = await open(temp, 'wx', options.mode ?? 0o666);
    } catch (error) {
      throw writeFailure(path, error);
    }
    this.files.push(entry);
    return {
      path,
      append: async (content: string) => {
        if (!entry.handle) throw new Error(`internal: ${path} was already closed`);
        await entry.handle.writeFile(content, 'utf8').catch((error: unknown) => Promise.reject(writeFailure(path, error)));
      },
    };
  }

  /** Stages a whole file. */
  async write(path: string, content: string, options: WriteOptions = {}): Promise<void> {
    const file = await this.open(path, options);
    await file.append(content);
  }

  /** Closes every staged file and renames it to its target. */
  async commit(): Promise<void> {
    for (const f of this.files) {
      await f.handle?.close();
      f.handle = undefined;
      // The umask may have narrowed the mode at open; a secret file keeps exactly its mode.
      if (f.mode !== undefined) await chmod(f.temp, f.mode);
    }
    for (const f of this.files) await rename(f.temp, f.path).catch((error: unknown) => Promise.reject(writeFailure(f.path, error)));
    this.files.length = 0;
    this.createdFolders.length = 0;
  }

  /** Removes every staged file and every folder this run created (best effort). */
  async abort(): Promise<void> {
    for (const f of this.files) {
      await f.handle?.close().catch(() => undefined);
      await rm(f.temp, { force: true }).catch(() => undefined);
    }
    this.files.length = 0;
    // Deepest first; rmdir only removes folders that are empty again.
    for (const folder of [...this.createdFolders].reverse()) await removeEmptyFolders(folder);
    this.createdFolders.length = 0;
  }
}

/** One message for a failed write: the target and the system's reason, never a stack. */
function writeFailure(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENAMETOOLONG' ? 'the name is too long' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'no space left on the device' : code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way of a folder of that path' : (code ?? String(error));
  return new Error(`cannot write ${path}: ${reason}; nothing was written`);
}

/** Removes `top` and the folders below it when they hold no files. */
async function removeEmptyFolders(top: string): Promise<void> {
  const visit = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory()) await visit(join(folder, e.name));
    await rmdir(folder).catch(() => undefined);
  };
  await visit(top);
}

/** Longest file name written (bytes); most file systems allow 255. */
export const MAX_FILE_NAME_BYTES = 200;

const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * A file name for an arbitrary string (a document id): kept as it is when it is already a plain
 * portable name, else escaped (every run of other characters → `_`), cut to a safe length, and
 * suffixed with a short hash of the original so distinct ids never share a name.
 */
export function safeFileName(name: string, extension: string): string {
  if (SAFE_NAME.test(name) && Buffer.byteLength(name + extension) <= MAX_FILE_NAME_BYTES && !name.endsWith('.')) return name + extension;
  const hash = shortHash(name);
  const room = MAX_FILE_NAME_BYTES - extension.length - hash.length - 1;
  const escaped = name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[.-]+/, '').slice(0, room);
  return `${escaped === '' ? 'doc' : escaped}-${hash}${extension}`;
}

/** A file name cut to a safe length with a hash of the whole when it is too long; extension kept. */
export function boundedFileName(name: string): string {
  if (Buffer.byteLength(name) <= MAX_FILE_NAME_BYTES) return name;
  const extension = extname(name).length <= 16 ? extname(name) : '';
  const hash = shortHash(name);
  let stem = basename(name, extension);
  while (Buffer.byteLength(`${stem}-${hash}${extension}`) > MAX_FILE_NAME_BYTES) stem = [...stem].slice(0, -1).join('');
  return `${stem}-${hash}${extension}`;
}

export function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 10);
}

/**
 * Streaming a JSON list or object piece by piece, byte-identical to `JSON.stringify(all, null, 2)`:
 * the chunk for item `index` (0-based), and with `end` the closing chunk after `count` items.
 */
export function jsonArrayChunk(index: number, value: unknown): string {
  return (index === 0 ? '[\n' : ',\n') + indentJson(JSON.stringify(value, null, 2));
}

export function jsonObjectChunk(index: number, key: string, value: unknown): string {
  return (index === 0 ? '{\n' : ',\n') + indentJson(`${JSON.stringify(key)}: ${JSON.stringify(value, null, 2)}`);
}

/** The closing chunk of a streamed list (`[`…`]`) or object (`{`…`}`) of `count` items. */
export function jsonCollectionEnd(count: number, kind: 'array' | 'object'): string {
  const [open, close] = kind === 'array' ? ['[', ']'] : ['{', '}'];
  return count === 0 ? open + close : '\n' + close;
}

/** One level of JSON.stringify indentation (strings never hold a raw newline). */
function indentJson(json: string): string {
  return '  ' + json.replace(/\n/g, '\n  ');
}
