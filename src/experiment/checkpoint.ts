/**
 * Per-row score checkpoints: one JSON line per finished document, appended as soon as it is
 * scored, so a killed run resumes without redoing finished documents. A torn last line (the
 * process died mid-write) is ignored.
 *
 * What a score depends on is in the keys as content digests, not names: the checkpoint file's key
 * holds the indicator, its options, the models' files and the training documents' texts and
 * annotations; each line holds the digest of its document's text and judged spans. A document whose
 * text or spans changed since is scored again, even under the same doc id. The fitted indicators'
 * saved states are kept by the runner under a key without the spans and the test set.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import type { CandidateSpan, Document } from '../corpus/index.ts';

export interface ScoredDocument {
  docId: string;
  /** Digest of the document's text and the spans scored (documentDigest). */
  digest: string;
  scores: number[];
  seconds: number;
}

export class ScoreCheckpoint {
  private readonly path: string;
  /** The file ends without a newline (a torn write): the next line must start on a line of its own. */
  private torn = false;

  constructor(dir: string, key: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, `${key}.jsonl`);
  }

  load(): Map<string, ScoredDocument> {
    const done = new Map<string, ScoredDocument>();
    if (!existsSync(this.path)) return done;
    const text = readFileSync(this.path, 'utf8');
    this.torn = text.length > 0 && !text.endsWith('\n');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as ScoredDocument;
        if (typeof entry.docId === 'string' && typeof entry.digest === 'string' && Array.isArray(entry.scores)) done.set(entry.docId, entry);
      } catch {
        // torn write from an interrupted run: that document is simply scored again
      }
    }
    return done;
  }

  append(entry: ScoredDocument): void {
    appendFileSync(this.path, (this.torn ? '\n' : '') + JSON.stringify(entry) + '\n');
    this.torn = false;
  }
}

/** Stable short hash of any JSON-serializable value (object keys sorted). */
export function stableHash(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 16);
}

/** What an indicator's scores of a document depend on in the document: its text and the spans judged. */
export function documentDigest(doc: Pick<Document, 'text'>, spans: readonly CandidateSpan[]): string {
  return createHash('sha256')
    .update(doc.text)
    .update('\0')
    .update(stableStringify(spans))
    .digest('hex')
    .slice(0, 32);
}

/** A training document as the indicators see it: text and every annotator's gold mentions. */
export function trainingDigest(doc: Document): string {
  return createHash('sha256')
    .update(doc.text)
    .update('\0')
    .update(stableStringify(doc.annotations))
    .digest('hex')
    .slice(0, 32);
}

const folderDigests = new Map<string, string>();

/**
 * Digest of a local model folder's files (names and contents), so that a retrained model in the
 * same folder invalidates checkpoints; undefined when `path` is not a folder (e.g. a hub id).
 * The contents are hashed once per process while no file's size or modification time changes.
 */
export function modelFolderDigest(path: string): string | undefined {
  if (!existsSync(path) || !statSync(path).isDirectory()) return undefined;
  const files = listFiles(path);
  const listing = files.map((file) => {
    const { size, mtimeMs } = statSync(file);
    return `${relative(path, file)}:${size}:${mtimeMs}`;
  });
  const memoKey = `${path}\0${listing.join('\0')}`;
  let digest = folderDigests.get(memoKey);
  if (digest === undefined) {
    const hash = createHash('sha256');
    for (const file of files) hash.update(relative(path, file)).update('\0').update(readFileSync(file)).update('\0');
    digest = hash.digest('hex').slice(0, 32);
    folderDigests.set(memoKey, digest);
  }
  return digest;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : []));
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
