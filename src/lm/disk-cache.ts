/**
 * Disk-cache entries shared by the masked-LM engine, the span encoder and the benchmark: written
 * atomically (a temporary file renamed into place, so a killed process never leaves a cut-short
 * entry under the real name), and read defensively (an entry that cannot be read or decoded is a
 * miss, with a warning naming the file, never an error that breaks every later run).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where cache warnings go (stderr by default); tests may collect them. */
export type CacheWarning = (message: string) => void;

let warn: CacheWarning = (message) => process.stderr.write(`warning: ${message}\n`);

/** Replaces the warning sink; returns the previous one. */
export function setCacheWarning(sink: CacheWarning): CacheWarning {
  const previous = warn;
  warn = sink;
  return previous;
}

/** A warning about a cache entry (to the current sink). */
export function cacheWarning(message: string): void {
  warn(message);
}

/** Writes `data` to `file` via a temporary file and a rename (atomic on one file system). */
export function writeCacheFile(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Reads and decodes a cache entry. Missing: undefined, silently. Unreadable, or rejected by
 * `decode` (which returns undefined or throws for a damaged entry): undefined, with a warning naming
 * the file; the entry is then recomputed and rewritten.
 */
export function readCacheFile<T>(file: string, decode: (bytes: Buffer) => T | undefined): T | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    warn(`cannot read cache entry ${file} (${(error as Error).message}); recomputing it`);
    return undefined;
  }
  let value: T | undefined;
  let reason = 'unexpected content';
  try {
    value = decode(bytes);
  } catch (error) {
    value = undefined;
    reason = (error as Error).message;
  }
  if (value === undefined) warn(`ignoring damaged cache entry ${file} (${bytes.length} bytes: ${reason}); recomputing it`);
  return value;
}
