/**
 * The masking output edge: writing sanitized (or restored) documents in the input's format or
 * another, to stdout, a file or a folder. Reading lives in the one input reader
 * (src/corpus/input.ts); its names are re-exported here for existing callers.
 *
 * Output rules: every file is staged under a temporary name and renamed into place only when the
 * whole run succeeded; output names never collide (document ids are escaped and, when changed,
 * suffixed with a hash of the id); no output may overwrite an input. A sanitized TAB document
 * keeps only `doc_id`, `dataset_type`, the new `text` and its annotations (`task` and `meta`
 * name the person or the case and are dropped).
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  InputError,
  StagedWrites,
  writeFileAtomic,
  boundedFileName,
  documentToTabJson,
  extensionOf,
  formatOfPath,
  jsonArrayChunk,
  jsonCollectionEnd,
  safeFileName,
  shortHash,
  type DocumentFormat,
  type InputSource,
  type WriteOptions,
} from '../corpus/index.ts';
import type { Document } from '../corpus/index.ts';
import type { OffsetMap } from './offset-map.ts';

export { readInputs, parseJsonLines, formatOfPath, isDirectory, DOCUMENT_FORMATS } from '../corpus/index.ts';
export type { DocumentFormat, InputDocument, InputFile } from '../corpus/index.ts';

/** A processed document: its new text and, for TAB output, the map to move annotations. */
export interface OutputDocument {
  id: string;
  text: string;
  source?: Document;
  offsetMap?: OffsetMap;
}

/** Output text of one input file in a format. A TAB document keeps its annotations, moved by the offset map. */
export function renderDocuments(documents: readonly OutputDocument[], format: DocumentFormat): string {
  if (format === 'text') return documents.map((d) => d.text).join('\n');
  if (format === 'jsonl') return documents.map(jsonLine).join('');
  return JSON.stringify(documents.map(toTabJson), null, 2) + '\n';
}

function jsonLine(d: OutputDocument): string {
  return JSON.stringify({ doc_id: d.id, text: d.text }) + '\n';
}

/**
 * The TAB JSON of an output document. `task` and `meta` are dropped: in TAB they hold the
 * applicant's name ("…anonymise the following person: <name>", `meta.applicant`) and the year,
 * countries and articles that single out a case; the text they describe is masked, so are they.
 */
export function toTabJson(d: OutputDocument): Record<string, unknown> {
  if (!d.source) return { doc_id: d.id, text: d.text, annotations: {} };
  const map = d.offsetMap;
  const annotations = d.source.annotations.map((a) => ({
    ...a,
    mentions: a.mentions.map((m) => {
      const span = map ? map.outputSpan(m) : m;
      return { ...m, ...span, spanText: d.text.slice(span.start, span.end) };
    }),
  }));
  return documentToTabJson({ id: d.id, text: d.text, split: d.source.split, goldKind: d.source.goldKind, annotations });
}

/** Writes text to a file atomically (creating folders) or, without a path, to stdout. */
export async function writeOutput(path: string | undefined, content: string, options: WriteOptions = {}): Promise<void> {
  if (path === undefined) {
    process.stdout.write(content);
    return;
  }
  await writeFileAtomic(path, content, options);
}

/**
 * Where one input's output goes below an output folder: its relative path, unchanged when its
 * extension already means `format`, else with the format's extension appended (`note.txt` →
 * `note.txt.jsonl`), so `note.txt` and `note.jsonl` never meet. Over-long names are cut and hashed.
 */
export function outputPathIn(outDir: string, input: Pick<InputSource, 'relativePath'>, format: DocumentFormat): string {
  const rel = input.relativePath;
  const name = formatOfPath(rel) === format && extname(rel) !== '' ? rel : rel + extensionOf(format);
  return join(outDir, ...name.split(/[\\/]/).map(boundedFileName));
}

/**
 * Output paths of several inputs in one folder (outputPathIn), made unique case-insensitively:
 * a later input whose path is taken gets a hash of its relative path before the extension.
 */
export function planOutputPaths(outDir: string, inputs: readonly InputSource[], format: DocumentFormat | undefined): string[] {
  const taken = new Set<string>();
  return inputs.map((input) => {
    let path = outputPathIn(outDir, input, format ?? input.format);
    if (taken.has(path.toLowerCase())) {
      const extension = extname(path);
      path = `${path.slice(0, path.length - extension.length)}-${shortHash(input.relativePath)}${extension}`;
    }
    taken.add(path.toLowerCase());
    return path;
  });
}

/** The resolved real path of a file or folder that may not exist yet (its nearest existing parent resolved). */
export function realPathOf(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realPathOf(parent), basename(absolute));
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Refuses outputs that would overwrite or land among the inputs: a target equal to an input file,
 * or anywhere inside an input folder (a later run would read its own output). Throws an InputError
 * naming the option.
 */
export function checkOutputsAgainstInputs(
  outputs: readonly { option: string; path: string }[],
  inputs: { folder?: string; files: readonly string[] },
): void {
  const inputFiles = new Set(inputs.files.map(realPathOf));
  const folder = inputs.folder === undefined ? undefined : realPathOf(inputs.folder);
  const problems = [];
  const reported = new Set<string>();
  for (const out of outputs) {
    // One problem per option is enough: the files below a refused --out would only repeat it.
    if (reported.has(out.option)) continue;
    const before = problems.length;
    const real = realPathOf(out.path);
    if (inputFiles.has(real)) problems.push({ file: '(command line)', message: `${out.option} ${out.path} is an input file: it would be overwritten` });
    else if (folder !== undefined && isInside(real, folder)) {
      problems.push({ file: '(command line)', message: `${out.option} ${out.path} is inside the input folder ${inputs.folder}: choose a folder outside it` });
    }
    if (problems.length > before) reported.add(out.option);
  }
  if (problems.length > 0) throw new InputError(problems);
}

/**
 * A run's output: files staged under temporary names and stdout held back, all released by
 * commit() once everything succeeded, or discarded by abort().
 */
export class OutputSession {
  private readonly staged = new StagedWrites();
  private readonly stdout: string[] = [];
  private readonly targets = new Map<string, string>();

  /** A writer for the documents of one input, to a file (or a folder, for several texts) or stdout. */
  writer(target: string | undefined, format: DocumentFormat, what: string): DocumentWriter {
    return new DocumentWriter(this, target, format, what);
  }

  /** Stages one whole file (or stdout). */
  async writeFile(path: string | undefined, content: string, what: string, options: WriteOptions = {}): Promise<void> {
    if (path === undefined) {
      this.stdout.push(content);
      return;
    }
    this.claim(path, what);
    await this.staged.write(path, content, options);
  }

  /** Opens a staged file, written piece by piece. */
  async open(path: string, what: string): Promise<{ append(content: string): Promise<void> }> {
    this.claim(path, what);
    return this.staged.open(path);
  }

  /** Holds back a piece of stdout until commit. */
  toStdout(content: string): void {
    this.stdout.push(content);
  }

  /** Two outputs of one run must never share a file (case-insensitively: some file systems are). */
  private claim(path: string, what: string): void {
    const key = realPathOf(path).toLowerCase();
    const earlier = this.targets.get(key);
    if (earlier !== undefined) throw new InputError([{ file: '(output)', message: `${what} and ${earlier} would both be written to ${path}` }]);
    this.targets.set(key, what);
  }

  async commit(): Promise<void> {
    await this.staged.commit();
    if (this.stdout.length > 0) process.stdout.write(this.stdout.join(''));
  }

  async abort(): Promise<void> {
    await this.staged.abort();
    this.stdout.length = 0;
  }
}

/**
 * Writes the documents of one input as they come (bounded memory). Plain text: one document is
 * the file itself; several go to a folder named after the target, one `<id>.txt` each.
 */
export class DocumentWriter {
  private file?: { append(content: string): Promise<void> };
  private count = 0;
  private pendingText?: OutputDocument;
  private readonly textNames = new Set<string>();

  constructor(
    private readonly session: OutputSession,
    private readonly target: string | undefined,
    private readonly format: DocumentFormat,
    private readonly what: string,
  ) {}

  async add(doc: OutputDocument): Promise<void> {
    this.count++;
    if (this.format === 'text') return this.addText(doc);
    const chunk = this.format === 'jsonl' ? jsonLine(doc) : jsonArrayChunk(this.count - 1, toTabJson(doc));
    await this.emit(chunk);
  }

  async close(): Promise<void> {
    if (this.format === 'tab') await this.emit(jsonCollectionEnd(this.count, 'array') + '\n');
    else if (this.format === 'jsonl' && this.count === 0) await this.emit('');
    else if (this.format === 'text' && this.pendingText) await this.emit(this.pendingText.text);
    else if (this.format === 'text' && this.count === 0) await this.emit('');
  }

  private async addText(doc: OutputDocument): Promise<void> {
    if (this.count === 1) {
      this.pendingText = doc;
      return;
    }
    if (this.target === undefined) {
      throw new InputError([{ file: this.what, message: 'plain-text output of several documents needs --out FOLDER' }]);
    }
    const folder = this.target.replace(/\.txt$/, '');
    for (const d of this.pendingText ? [this.pendingText, doc] : [doc]) {
      await this.session.writeFile(join(folder, this.textName(d.id)), d.text, `${this.what}, doc ${d.id}`);
    }
    this.pendingText = undefined;
  }

  /** A file name per document id, unique in the folder even on a case-insensitive file system. */
  private textName(id: string): string {
    let name = safeFileName(id, '.txt');
    if (this.textNames.has(name.toLowerCase())) name = `${name.slice(0, -'.txt'.length)}-${shortHash(id)}.txt`;
    this.textNames.add(name.toLowerCase());
    return name;
  }

  private async emit(chunk: string): Promise<void> {
    if (this.target === undefined) {
      this.session.toStdout(chunk);
      return;
    }
    this.file ??= await this.session.open(this.target, this.what);
    if (chunk !== '') await this.file.append(chunk);
  }
}

